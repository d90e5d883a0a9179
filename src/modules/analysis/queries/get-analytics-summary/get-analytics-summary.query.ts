import { Query } from '@nestjs/cqrs';
import type { AnalyticsDay } from '@domain/analysis/ports/analysis-read-model.port';

export interface GetAnalyticsSummaryProps {
  readonly organizationId: string;
  readonly fromDay: string;
  readonly toDay: string;
}

export class GetAnalyticsSummaryQuery extends Query<{ days: AnalyticsDay[]; refreshedAt: Date | null }> {
  constructor(readonly props: GetAnalyticsSummaryProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
