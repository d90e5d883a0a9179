import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingExportReadModel } from '@domain/recording/ports/recording-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportRecordingRowsQuery } from './export-recording-rows.query';

@QueryHandler(ExportRecordingRowsQuery)
export class ExportRecordingRowsHandler implements IQueryHandler<ExportRecordingRowsQuery, ExportPage> {
  constructor(private readonly readModel: RecordingExportReadModel) {}

  execute({ props: q }: ExportRecordingRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
