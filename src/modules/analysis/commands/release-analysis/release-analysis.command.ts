import { Command } from '@nestjs/cqrs';

/** in_review → needs_review, unreviewed; the reviewer's load goes down. */
export class ReleaseAnalysisCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
    readonly actorId: string | null,
    readonly mayActForOthers: boolean,
  ) {
    super();
  }
}
