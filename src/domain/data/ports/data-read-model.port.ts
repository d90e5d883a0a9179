import type { OrganizationExportStatus } from '../organization-export.aggregate';

/** An organization export as the API shows it (never where its object lives). */
export interface OrganizationExportView {
  id: string;
  status: OrganizationExportStatus;
  requestedByType: string;
  requestedById: string | null;
  /** NDJSON lines in the archive (one per record), once completed. */
  rows: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  failureReason: string | null;
  createdAt: Date;
  completedAt: Date | null;
  deletedAt: Date | null;
}

/** Reads of the data context's own tables. */
export abstract class DataReadModel {
  abstract exportView(organizationId: string, exportId: string): Promise<OrganizationExportView | null>;
  /** Newest first, after the position `afterId` (an export id); `limit` rows (callers ask one more to know of a next page). */
  abstract listExports(organizationId: string, afterId: string | null, limit: number): Promise<OrganizationExportView[]>;
}
