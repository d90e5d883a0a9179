import { OrganizationQuery } from '../../../shared';
import type { AuditLogFilter, AuditLogView } from '@domain/audit/ports/audit-read-model.port';

export interface ListAuditLogsProps {
  readonly organizationId: string;
  readonly filter: AuditLogFilter;
  readonly beforeId: string | null;
  readonly limit: number;
}

export class ListAuditLogsQuery extends OrganizationQuery<ListAuditLogsProps, AuditLogView[]> {}
