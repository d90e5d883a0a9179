/**
 * One record of an organization's export: its kind (`call`, `recording`, ...) and its row as
 * the owning context publishes it (secrets and key hashes never included).
 */
export interface ExportRecord {
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

/** One keyset page of one kind, and where the next page starts (null when the kind is done). */
export interface ExportPage {
  readonly records: ExportRecord[];
  readonly next: string | null;
}

/**
 * What each context implements behind its own export read port: keyset pages of one of its
 * kinds, read from its own tables only, for one organization.
 */
export abstract class ExportRowsReadModel {
  abstract readonly kinds: readonly string[];
  /** Up to `limit` records of `kind` after the position `after` (null for the first page). */
  abstract page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage>;
}
