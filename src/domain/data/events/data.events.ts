import { DomainEvent } from '../../shared/domain-event';

/** Why an export archive was deleted: its retention ran out, or an erasure removed it. */
export type ExportDeletionReason = 'retention' | 'erasure';

/** An organization export was asked for; the job that writes its archive is queued with it. */
export class OrganizationExportRequested extends DomainEvent<{
  requestedBy: string | null;
  requestedByType: string;
  objectKey: string;
}> {
  static readonly type = 'organization_export.requested';
}

/** The archive is in storage: its size, line count and SHA-256. */
export class OrganizationExportCompleted extends DomainEvent<{
  objectKey: string;
  storageBackend: string;
  rows: number;
  sizeBytes: number;
  sha256: string;
}> {
  static readonly type = 'organization_export.completed';
}

/** The job gave up after its last attempt; nothing is left at the key. */
export class OrganizationExportFailed extends DomainEvent<{ reason: string }> {
  static readonly type = 'organization_export.failed';
}

/** A signed link to the archive was handed out (who: the audit row's actor). */
export class OrganizationExportDownloadIssued extends DomainEvent<{ expiresAt: string }> {
  static readonly type = 'organization_export.download_issued';
}

/**
 * The archive's object is gone from storage and the export is `deleted`. The privacy context
 * writes its deletion receipt from this event (`reason`, and where the object was).
 */
export class OrganizationExportDeleted extends DomainEvent<{
  reason: ExportDeletionReason;
  objectKey: string;
  storageBackend: string;
  previousStatus: string;
}> {
  static readonly type = 'organization_export.deleted';
}
