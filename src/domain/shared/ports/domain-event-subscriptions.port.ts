import type { DomainEvent, DomainEventClass, PayloadOf } from '../domain-event';

/** Runs inside the publishing transaction: what it writes commits or rolls back with the change. */
export type TransactionalEventHandler<E extends DomainEvent = DomainEvent> = (event: E) => Promise<void>;

/** An event as a durable job receives it: enough to act on, idempotent by `eventId`. */
export interface EventJob<E extends DomainEvent = DomainEvent> {
  eventId: string;
  type: string;
  organizationId: string;
  resourceType: string;
  resourceId: string;
  occurredAt: string;
  payload: PayloadOf<E>;
}

/**
 * Where modules say how they react to events, by event class (or `'*'` for every event).
 * Each reaction registers on start-up (no static registry): in-transaction subscribers
 * (`*.subscriber.ts`, e.g. the audit trail) and durable jobs (`*.reaction.ts`, anything
 * slow or external).
 */
export abstract class DomainEventSubscriptions {
  abstract onEventInTransaction<E extends DomainEvent>(
    event: DomainEventClass<E> | '*',
    name: string,
    handler: TransactionalEventHandler<E>,
  ): void;
  /** Enqueues `queue` with an `EventJob<E>` (once per event id) in the transaction that records the event. */
  abstract enqueueOn<E extends DomainEvent>(event: DomainEventClass<E> | '*', queue: string): void;
}
