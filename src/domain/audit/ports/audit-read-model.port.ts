import type { AuditEntry } from '../audit-entry';
import type { AuditExportRow } from '../audit-export';

export interface AuditLogFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditLogView extends AuditEntry {
  sequence: number | null;
  hash: string | null;
}

/** Newest first, keyset-paged by id (ids are time-ordered). */
export abstract class AuditReadModel {
  abstract list(organizationId: string, filter: AuditLogFilter, beforeId: string | null, limit: number): Promise<AuditLogView[]>;
}

/** Where an export of the chain stands between two pages. */
export type AuditExportPosition =
  /** Sealed rows in sequence order, after `afterSequence`, up to `untilSequence` (null: to the end). */
  | { phase: 'sealed'; afterSequence: number; untilSequence: number | null }
  /** Then the rows not sealed at or before `lastSequence`, in id order, after `afterId`. */
  | { phase: 'unsealed'; lastSequence: number; afterId: string | null };

/** Reads the audit log for an export, page by page (keyset, so memory stays flat). */
export abstract class AuditExportReadModel {
  /** The sealed range an export from..to covers: contiguous, so the slice can be verified. */
  abstract sequenceRange(
    organizationId: string,
    from: Date | null,
    to: Date | null,
  ): Promise<{ afterSequence: number; untilSequence: number | null }>;
  abstract sealedPage(
    organizationId: string,
    afterSequence: number,
    untilSequence: number | null,
    limit: number,
  ): Promise<AuditExportRow[]>;
  abstract unsealedPage(
    organizationId: string,
    lastSequence: number,
    afterId: string | null,
    from: Date | null,
    to: Date | null,
    limit: number,
  ): Promise<AuditExportRow[]>;
}
