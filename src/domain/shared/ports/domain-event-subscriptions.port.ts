import type { DomainEvent } from '../domain-event';

/** Runs inside the publishing transaction: what it writes commits or rolls back with the change. */
export type TransactionalEventHandler = (event: DomainEvent) => Promise<void>;

/**
 * Where modules say how they react to events. Each module registers on start-up (no static
 * registry): in-transaction handlers (audit) and durable jobs (anything slow or external).
 */
export abstract class DomainEventSubscriptions {
  /** `'*'` for every event. */
  abstract onEventInTransaction(eventType: string | '*', name: string, handler: TransactionalEventHandler): void;
  /** Enqueues `queue` with the event (once per event id) in the same transaction. */
  abstract enqueueOn(eventType: string | '*', queue: string): void;
}
