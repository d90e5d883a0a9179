import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditReadModel, type AuditLogView } from '@domain/audit/ports/audit-read-model.port';
import { ListAuditLogsQuery } from './list-audit-logs.query';

@QueryHandler(ListAuditLogsQuery)
export class ListAuditLogsHandler implements IQueryHandler<ListAuditLogsQuery, AuditLogView[]> {
  constructor(private readonly readModel: AuditReadModel) {}

  execute({ props: q }: ListAuditLogsQuery): Promise<AuditLogView[]> {
    return this.readModel.list(q.organizationId, q.filter, q.beforeId, q.limit);
  }
}
