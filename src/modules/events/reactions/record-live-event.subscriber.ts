import { Injectable, type OnModuleInit } from '@nestjs/common';
import { liveEventRecordOf } from '@domain/events/live-event';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import { DomainEventSubscriptions } from '@domain/shared/ports/domain-event-subscriptions.port';

/**
 * Every domain event of every context is kept, in the transaction that made the change, for the
 * live stream to replay: what a stream shows is exactly what committed.
 */
@Injectable()
export class RecordLiveEventSubscriber implements OnModuleInit {
  constructor(
    private readonly subscriptions: DomainEventSubscriptions,
    private readonly store: LiveEventStore,
  ) {}

  onModuleInit(): void {
    this.subscriptions.onEventInTransaction('*', 'live-events', (event) => this.store.append(liveEventRecordOf(event)));
  }
}
