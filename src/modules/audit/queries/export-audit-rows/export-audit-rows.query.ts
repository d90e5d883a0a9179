import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportAuditRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`audit_log`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the audit context's records, for an organization's export. */
export class ExportAuditRowsQuery extends OrganizationQuery<ExportAuditRowsProps, ExportPage> {}
