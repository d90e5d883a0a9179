import { Query } from '@nestjs/cqrs';
import type { AnalyticsDay } from '../../../../domain/analysis/ports/analysis-read-model.port';

export class GetAnalyticsSummaryQuery extends Query<{ days: AnalyticsDay[]; refreshedAt: Date | null }> {
  constructor(
    readonly organizationId: string,
    readonly fromDay: string,
    readonly toDay: string,
  ) {
    super();
  }
}
