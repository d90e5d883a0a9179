import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalysisReadModel, type AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';
import { ListAnalysesQuery } from './list-analyses.query';

@QueryHandler(ListAnalysesQuery)
export class ListAnalysesHandler implements IQueryHandler<ListAnalysesQuery, AnalysisView[]> {
  constructor(private readonly readModel: AnalysisReadModel) {}

  execute({ props: q }: ListAnalysesQuery): Promise<AnalysisView[]> {
    return this.readModel.list(q.organizationId, q.filter, q.beforeId, q.limit);
  }
}
