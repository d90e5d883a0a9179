import { Command } from '@nestjs/cqrs';

export interface RecordReviewMetricsProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly audioPlayedPercentage: number;
  readonly timeSpentSeconds: number | null;
  readonly reviewerId: string;
  readonly mayActForOthers: boolean;
}

/** A reviewer played some of the audio (share of it, 0..100) and spent some time. */
export class RecordReviewMetricsCommand extends Command<void> {
  constructor(readonly props: RecordReviewMetricsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
