import { OrganizationQuery } from '../../../shared';
import type { AnalyticsDay } from '@domain/analysis/ports/analysis-read-model.port';

export interface GetAnalyticsSummaryProps {
  readonly organizationId: string;
  readonly fromDay: string;
  readonly toDay: string;
}

export class GetAnalyticsSummaryQuery extends OrganizationQuery<
  GetAnalyticsSummaryProps,
  { days: AnalyticsDay[]; refreshedAt: Date | null }
> {}
