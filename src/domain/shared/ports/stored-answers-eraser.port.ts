/**
 * The answers kept for `Idempotency-Key` replays are copies too: erasure redacts a person's data
 * in them. Platform scope (the table is not the tenant role's).
 */
export abstract class StoredAnswersEraser {
  /** Replaces each needle by `[erased]` in the organization's stored answers; answers how many changed. */
  abstract redact(organizationId: string, needles: readonly string[]): Promise<number>;
}
