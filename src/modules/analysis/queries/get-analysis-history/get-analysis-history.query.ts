import { OrganizationQuery } from '../../../shared';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';

export interface GetAnalysisHistoryProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

export class GetAnalysisHistoryQuery extends OrganizationQuery<GetAnalysisHistoryProps, { result: AnalysisResult; recordedAt: Date }[]> {}
