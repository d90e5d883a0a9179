import { Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { v5 as uuidv5 } from 'uuid';
import type { DomainEvent, DomainEventClass } from '@domain/shared/domain-event';
import {
  DomainEventSubscriptions,
  type EventJob,
  type TransactionalEventHandler,
} from '@domain/shared/ports/domain-event-subscriptions.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { TransactionContext } from '../persistence/transaction-context';

export const LIVE_EVENTS_CHANNEL = 'switchboard_events';
const JOB_ID_NAMESPACE = '6f1c7a52-3f55-4a43-9a3e-2f1f5b0c9d11';

/**
 * Publishes recorded domain events inside the open transaction: in-transaction handlers
 * (the audit trail), durable jobs, and a pg_notify that Postgres delivers only on commit.
 */
@Injectable()
export class DomainEventPublisher extends DomainEventSubscriptions {
  private readonly logger = new Logger(DomainEventPublisher.name);
  private readonly handlers: { eventType: string; name: string; handler: TransactionalEventHandler }[] = [];
  private readonly jobs: { eventType: string; queue: string }[] = [];

  constructor(
    private readonly context: TransactionContext,
    private readonly queue: JobQueue,
  ) {
    super();
  }

  onEventInTransaction<E extends DomainEvent>(event: DomainEventClass<E> | '*', name: string, handler: TransactionalEventHandler<E>): void {
    this.handlers.push({ eventType: typeOf(event), name, handler: handler as TransactionalEventHandler });
  }

  enqueueOn<E extends DomainEvent>(event: DomainEventClass<E> | '*', queue: string): void {
    this.jobs.push({ eventType: typeOf(event), queue });
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const tx = this.context.db;
    for (const event of events) {
      for (const h of this.handlers) {
        if (h.eventType === '*' || h.eventType === event.type) await h.handler(event);
      }
      const job = toJob(event);
      for (const j of this.jobs) {
        if (j.eventType === '*' || j.eventType === event.type) {
          await this.queue.send(j.queue, job, { id: uuidv5(`${event.eventId}:${j.queue}`, JOB_ID_NAMESPACE) });
        }
      }
    }
    const notifications = events.map((e) =>
      JSON.stringify({
        eventId: e.eventId,
        type: e.type,
        organizationId: e.organizationId,
        resourceType: e.resourceType,
        resourceId: e.resourceId,
      }),
    );
    await tx.execute(sql`select pg_notify(${LIVE_EVENTS_CHANNEL}, n) from unnest(${sql.param(notifications)}::text[]) as n`);
    this.logger.debug({ events: events.map((e) => e.type) }, 'published domain events');
  }
}

function typeOf(event: DomainEventClass | '*'): string {
  return event === '*' ? '*' : event.type;
}

function toJob(event: DomainEvent): EventJob {
  return {
    eventId: event.eventId,
    type: event.type,
    organizationId: event.organizationId,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
  };
}
