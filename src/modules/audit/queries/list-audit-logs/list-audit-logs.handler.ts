import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { openPersonalData } from '@domain/audit/personal-data';
import { AuditReadModel, type AuditLogView } from '@domain/audit/ports/audit-read-model.port';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { ListAuditLogsQuery } from './list-audit-logs.query';

/** The trail as people read it: personal values opened, or `[erased]` once their subject was erased. */
@QueryHandler(ListAuditLogsQuery)
export class ListAuditLogsHandler implements IQueryHandler<ListAuditLogsQuery, AuditLogView[]> {
  constructor(
    private readonly readModel: AuditReadModel,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ props: q }: ListAuditLogsQuery): Promise<AuditLogView[]> {
    return openPersonalData(await this.readModel.list(q.organizationId, q.filter, q.beforeId, q.limit), this.vault);
  }
}
