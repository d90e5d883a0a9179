import { Command } from '@nestjs/cqrs';

/** A reviewer played some of the audio (share of it, 0..100) and spent some time. */
export class RecordReviewMetricsCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
    readonly audioPlayedPercentage: number,
    readonly timeSpentSeconds: number | null,
    readonly reviewerId: string,
    readonly mayActForOthers: boolean,
  ) {
    super();
  }
}
