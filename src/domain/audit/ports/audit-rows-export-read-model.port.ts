import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the audit context contributes to an organization's export, in export order. */
export const AUDIT_EXPORT_KINDS = ['audit_log'] as const;
export type AuditRowsExportKind = (typeof AUDIT_EXPORT_KINDS)[number];

/**
 * The audit log rows.
 * Keyset pages of the audit context's own tables for one organization.
 */
export abstract class AuditRowsExportReadModel extends ExportRowsReadModel {}
