import type { DomainEvent } from './domain-event';

/** Base of every aggregate: it records the events of its changes; the unit of work publishes them. */
export abstract class AggregateRoot {
  #events: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.#events.push(event);
  }

  /** Hands over the recorded events once; called by repositories on save. */
  pullEvents(): DomainEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
