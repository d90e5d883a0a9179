import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyExportReadModel } from '@domain/telephony/ports/telephony-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportTelephonyRowsQuery } from './export-telephony-rows.query';

@QueryHandler(ExportTelephonyRowsQuery)
export class ExportTelephonyRowsHandler implements IQueryHandler<ExportTelephonyRowsQuery, ExportPage> {
  constructor(private readonly readModel: TelephonyExportReadModel) {}

  execute({ props: q }: ExportTelephonyRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
