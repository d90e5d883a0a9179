import { Injectable } from '@nestjs/common';
import {
  AuditRowsExportReadModel,
  AUDIT_EXPORT_KINDS,
  type AuditRowsExportKind,
} from '@domain/audit/ports/audit-rows-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import { auditLogs } from './audit.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<AuditRowsExportKind, ExportTable> = {
  audit_log: { table: auditLogs, organization: auditLogs.organizationId, keys: [auditLogs.id] },
};

@Injectable()
export class DrizzleAuditRowsExportReadModel extends AuditRowsExportReadModel {
  readonly kinds = AUDIT_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'audit', kind, organizationId, after, limit);
  }
}
