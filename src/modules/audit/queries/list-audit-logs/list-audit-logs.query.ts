import { Query } from '@nestjs/cqrs';
import type { AuditLogFilter, AuditLogView } from '../../../../domain/audit/ports/audit-read-model.port';

export class ListAuditLogsQuery extends Query<AuditLogView[]> {
  constructor(
    readonly organizationId: string,
    readonly filter: AuditLogFilter,
    readonly beforeId: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
