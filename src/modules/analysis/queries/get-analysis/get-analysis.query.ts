import { OrganizationQuery } from '../../../shared';
import type { AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';

export interface GetAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

export class GetAnalysisQuery extends OrganizationQuery<GetAnalysisProps, AnalysisView | null> {}
