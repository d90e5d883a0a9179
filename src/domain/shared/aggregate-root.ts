import type { DomainEvent } from './domain-event';

/** Told each time an aggregate records an event (the unit of work listens, to check saves). */
export type EventRecordingObserver = (aggregate: AggregateRoot) => void;

const observers = new Set<EventRecordingObserver>();

/**
 * Registers an observer of recorded events; returns how to unregister it. The unit of work
 * uses it to learn which aggregates changed in its transaction, so that one whose repository
 * forgot to hand it over (`UnitOfWork.collect`) fails the command instead of losing its events.
 */
export function observeRecordedEvents(observer: EventRecordingObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/** Base of every aggregate: it records the events of its changes; the unit of work publishes them. */
export abstract class AggregateRoot {
  #events: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.#events.push(event);
    for (const observe of observers) observe(this);
  }

  /** Hands over the recorded events once; called by repositories on save. */
  pullEvents(): DomainEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Whether events were recorded that nobody has pulled yet. */
  hasPendingEvents(): boolean {
    return this.#events.length > 0;
  }
}

/**
 * An aggregate kept as one state record: its repository restores it from a row and saves its
 * snapshot. Only the aggregate changes `state`; callers read it through getters or `snapshot()`.
 */
export abstract class StatefulAggregate<S extends object> extends AggregateRoot {
  protected constructor(protected state: S) {
    super();
  }

  /** The state to save, read-only. */
  snapshot(): Readonly<S> {
    return this.state;
  }
}
