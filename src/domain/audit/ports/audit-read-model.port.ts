import type { AuditEntry } from '../audit-entry';

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
