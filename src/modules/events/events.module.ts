import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { LiveEventSettings } from '../../domain/events/ports/live-event-settings.port';
import { LiveEventSignals } from '../../domain/events/ports/live-event-signals.port';
import { LiveEventStore } from '../../domain/events/ports/live-event-store.port';
import { Clock } from '../../domain/shared/clock';
import { JobQueue } from '../../domain/shared/ports/job-queue.port';
import { AppConfig } from '../../infrastructure/config/app-config';
import { PostgresLiveEventSignals } from '../../infrastructure/events/live-event-signals';
import { DrizzleLiveEventStore } from '../../infrastructure/persistence/repositories/drizzle-events.repositories';
import { TransactionalCommandBus } from '../shared';
import { PruneLiveEventsCommand } from './commands/prune-live-events/prune-live-events.command';
import { PruneLiveEventsHandler } from './commands/prune-live-events/prune-live-events.handler';
import { RecordLiveEventSubscriber } from './reactions/record-live-event.subscriber';
import { EventsController } from './http/events.controller';
import { LiveEventHub } from './live-event-hub.service';
import { GetLastLiveEventPositionHandler } from './queries/get-last-live-event-position/get-last-live-event-position.handler';
import { ListLiveEventsHandler } from './queries/list-live-events/list-live-events.handler';

export const PRUNE_LIVE_EVENTS_QUEUE = 'events.prune-live-events';

@Module({
  controllers: [EventsController],
  providers: [
    { provide: LiveEventStore, useClass: DrizzleLiveEventStore },
    { provide: LiveEventSignals, useClass: PostgresLiveEventSignals },
    { provide: LiveEventSettings, inject: [AppConfig], useFactory: (config: AppConfig): LiveEventSettings => ({ ...config.liveEvents }) },
    RecordLiveEventSubscriber,
    LiveEventHub,
    ListLiveEventsHandler,
    GetLastLiveEventPositionHandler,
    PruneLiveEventsHandler,
  ],
  exports: [LiveEventHub],
})
export class EventsModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly commands: TransactionalCommandBus,
    private readonly settings: LiveEventSettings,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(PRUNE_LIVE_EVENTS_QUEUE, async () => {
      const before = new Date(this.clock.now().getTime() - this.settings.retentionHours * 3_600_000);
      await this.commands.execute<number>(new PruneLiveEventsCommand({ before }));
    });
    await this.jobs.schedule(PRUNE_LIVE_EVENTS_QUEUE, '41 * * * *');
  }
}
