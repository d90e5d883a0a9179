import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalysisReadModel, type AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';
import { GetAnalysisQuery } from './get-analysis.query';

@QueryHandler(GetAnalysisQuery)
export class GetAnalysisHandler implements IQueryHandler<GetAnalysisQuery, AnalysisView | null> {
  constructor(private readonly readModel: AnalysisReadModel) {}

  execute({ props: q }: GetAnalysisQuery): Promise<AnalysisView | null> {
    return this.readModel.get(q.organizationId, q.analysisId);
  }
}
