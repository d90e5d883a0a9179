import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalysisReadModel, type AnalyticsDay } from '@domain/analysis/ports/analysis-read-model.port';
import { GetAnalyticsSummaryQuery } from './get-analytics-summary.query';

@QueryHandler(GetAnalyticsSummaryQuery)
export class GetAnalyticsSummaryHandler implements IQueryHandler<
  GetAnalyticsSummaryQuery,
  { days: AnalyticsDay[]; refreshedAt: Date | null }
> {
  constructor(private readonly readModel: AnalysisReadModel) {}

  execute({ props: q }: GetAnalyticsSummaryQuery): Promise<{ days: AnalyticsDay[]; refreshedAt: Date | null }> {
    return this.readModel.analytics(q.organizationId, q.fromDay, q.toDay);
  }
}
