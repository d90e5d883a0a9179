import { newId } from './ids';

/** The before/after of the fields a change touched. Secrets never appear here. */
export interface FieldChanges {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * Something that happened to an aggregate. Recorded by the aggregate, published by the
 * unit of work inside the same transaction as the change.
 */
export abstract class DomainEvent<TPayload extends object = object> {
  readonly eventId: string = newId();
  readonly occurredAt: Date = new Date();
  /** Stable dotted name, also the audit action (`workspace.created`). */
  abstract readonly type: string;
  /** Aggregate type, also the audit resource type. */
  abstract readonly resourceType: string;

  constructor(
    readonly organizationId: string,
    readonly resourceId: string,
    readonly payload: TPayload,
    readonly changes: FieldChanges = {},
  ) {}
}
