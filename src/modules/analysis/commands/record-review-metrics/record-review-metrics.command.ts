import { OrganizationCommand } from '../../../shared';

export interface RecordReviewMetricsProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly audioPlayedPercentage: number;
  readonly timeSpentSeconds: number | null;
  readonly reviewerId: string;
  readonly mayActForOthers: boolean;
}

/** A reviewer played some of the audio (share of it, 0..100) and spent some time. */
export class RecordReviewMetricsCommand extends OrganizationCommand<RecordReviewMetricsProps> {}
