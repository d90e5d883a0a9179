import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventsExportReadModel } from '@domain/events/ports/events-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { ExportEventsRowsQuery } from './export-events-rows.query';

@QueryHandler(ExportEventsRowsQuery)
export class ExportEventsRowsHandler implements IQueryHandler<ExportEventsRowsQuery, ExportPage> {
  constructor(private readonly readModel: EventsExportReadModel) {}

  execute({ props: q }: ExportEventsRowsQuery): Promise<ExportPage> {
    return this.readModel.page(q.organizationId, q.kind, q.after, q.limit);
  }
}
