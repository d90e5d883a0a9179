import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditRowsExportReadModel } from '@domain/audit/ports/audit-rows-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportAuditRowsQuery } from './export-audit-rows.query';

@QueryHandler(ExportAuditRowsQuery)
export class ExportAuditRowsHandler implements IQueryHandler<ExportAuditRowsQuery, ExportPage> {
  constructor(private readonly readModel: AuditRowsExportReadModel) {}

  execute({ props: q }: ExportAuditRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
