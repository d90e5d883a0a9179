import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyExportReadModel } from '@domain/tenancy/ports/tenancy-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportTenancyRowsQuery } from './export-tenancy-rows.query';

@QueryHandler(ExportTenancyRowsQuery)
export class ExportTenancyRowsHandler implements IQueryHandler<ExportTenancyRowsQuery, ExportPage> {
  constructor(private readonly readModel: TenancyExportReadModel) {}

  execute({ props: q }: ExportTenancyRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
