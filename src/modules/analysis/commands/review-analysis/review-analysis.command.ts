import { OrganizationCommand } from '../../../shared';

export interface ReviewAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly decision: 'cleared' | 'escalated';
  readonly notes: string | null;
  readonly reviewerId: string;
  readonly mayActForOthers: boolean;
}

/** The handler applies the organization's minimum share of audio played before clearing a high-priority analysis. */
export class ReviewAnalysisCommand extends OrganizationCommand<ReviewAnalysisProps> {}
