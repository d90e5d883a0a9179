import { OrganizationCommand } from '../../../shared';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';

export interface CompleteAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly result: AnalysisResult;
  readonly reviewThreshold: number;
}

/** The score is in: completed, or to review, by the organization's threshold. */
export class CompleteAnalysisCommand extends OrganizationCommand<CompleteAnalysisProps> {}
