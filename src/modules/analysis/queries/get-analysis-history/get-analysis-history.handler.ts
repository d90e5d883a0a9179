import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';
import { AnalysisReadModel } from '@domain/analysis/ports/analysis-read-model.port';
import { GetAnalysisHistoryQuery } from './get-analysis-history.query';

@QueryHandler(GetAnalysisHistoryQuery)
export class GetAnalysisHistoryHandler implements IQueryHandler<GetAnalysisHistoryQuery, { result: AnalysisResult; recordedAt: Date }[]> {
  constructor(private readonly readModel: AnalysisReadModel) {}

  execute({ props: q }: GetAnalysisHistoryQuery): Promise<{ result: AnalysisResult; recordedAt: Date }[]> {
    return this.readModel.history(q.organizationId, q.analysisId);
  }
}
