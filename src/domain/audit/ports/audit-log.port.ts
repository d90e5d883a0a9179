import type { AuditEntry, SealedLink } from '../audit-entry';

/** Appends audit rows inside the caller's transaction. */
export abstract class AuditLogWriter {
  /**
   * Appends the row and marks it unsealed; says whether a job of `sealQueue` for the row's
   * organization is already waiting to start (it will seal this row too: no need to send another).
   */
  abstract append(entry: AuditEntry, sealQueue: string): Promise<{ sealPending: boolean }>;
}

/** The sealing side of the chain. */
export abstract class AuditChainStore {
  /** Serialises sealers of one organization for the rest of the transaction. */
  abstract lockChain(organizationId: string): Promise<void>;
  abstract lastLink(organizationId: string): Promise<{ sequence: number; hash: string } | null>;
  /** Committed rows without a link yet, in the order they were written. */
  abstract unsealed(organizationId: string, limit: number): Promise<AuditEntry[]>;
  abstract appendLinks(
    organizationId: string,
    links: { sequence: number; auditLogId: string; previousHash: string; hash: string }[],
  ): Promise<void>;
  /** Sealed links with their rows, in sequence order, in pages. */
  abstract links(organizationId: string, afterSequence: number, limit: number): Promise<SealedLink[]>;
  abstract countUnsealed(organizationId: string): Promise<number>;
  /** Organizations that have unsealed rows. Platform scope. */
  abstract organizationsWithUnsealed(limit: number): Promise<string[]>;
}
