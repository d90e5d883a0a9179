import { OrganizationCommand } from '../../../shared';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';

export interface RescoreAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly result: AnalysisResult;
}

export class RescoreAnalysisCommand extends OrganizationCommand<RescoreAnalysisProps> {}
