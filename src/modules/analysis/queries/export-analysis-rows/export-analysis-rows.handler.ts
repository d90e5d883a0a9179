import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalysisExportReadModel } from '@domain/analysis/ports/analysis-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportAnalysisRowsQuery } from './export-analysis-rows.query';

@QueryHandler(ExportAnalysisRowsQuery)
export class ExportAnalysisRowsHandler implements IQueryHandler<ExportAnalysisRowsQuery, ExportPage> {
  constructor(private readonly readModel: AnalysisExportReadModel) {}

  execute({ props: q }: ExportAnalysisRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
