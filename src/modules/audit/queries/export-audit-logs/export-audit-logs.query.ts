import { OrganizationQuery } from '../../../shared';
import type { AuditExportRow } from '@domain/audit/audit-export';
import type { AuditExportPosition } from '@domain/audit/ports/audit-read-model.port';

export interface ExportAuditLogsProps {
  readonly organizationId: string;
  readonly from: Date | null;
  readonly to: Date | null;
  /** null for the first page. */
  readonly position: AuditExportPosition | null;
  readonly limit: number;
}

export interface AuditExportPage {
  rows: AuditExportRow[];
  /** Where the next page starts; null when the export is complete. */
  next: AuditExportPosition | null;
}

/** One page of an audit export: the sealed chain in sequence order, then the unsealed tail. */
export class ExportAuditLogsQuery extends OrganizationQuery<ExportAuditLogsProps, AuditExportPage> {}
