import { newId } from './ids';

/** The before/after of the fields a change touched. Secrets never appear here. */
export interface FieldChanges {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * An event class: what subscriptions name (`enqueueOn(RecordingStored, QUEUE)`), never a
 * hand-written string. Its static `type` is the stable dotted name of its events.
 */
export type DomainEventClass<E extends DomainEvent = DomainEvent> = (abstract new (...args: never[]) => E) & { readonly type: string };

/** The payload type of an event class's events. */
export type PayloadOf<E extends DomainEvent> = E extends DomainEvent<infer P> ? P : never;

/**
 * Something that happened to an aggregate. Recorded by the aggregate, published by the
 * unit of work inside the same transaction as the change.
 *
 * Each concrete event class declares `static readonly type = 'workspace.created'` (the stable
 * dotted name, also the audit action); every instance carries it as `type`.
 */
export abstract class DomainEvent<TPayload extends object = object> {
  readonly eventId: string = newId();
  readonly occurredAt: Date = new Date();
  /** Stable dotted name, also the audit action (`workspace.created`): the class's static `type`. */
  readonly type: string = staticTypeOf(this.constructor);
  /** Aggregate type, also the audit resource type: what `type` names before its dot, unless the class says otherwise. */
  readonly resourceType: string = this.type.slice(0, this.type.indexOf('.'));

  constructor(
    readonly organizationId: string,
    readonly resourceId: string,
    readonly payload: TPayload,
    readonly changes: FieldChanges = {},
  ) {}
}

function staticTypeOf(eventClass: { name: string }): string {
  const type = (eventClass as { type?: unknown }).type;
  if (typeof type !== 'string')
    throw new Error(`${eventClass.name} has no static type: declare static readonly type = '<context>.<what_happened>'`);
  return type;
}
