import { Command } from '@nestjs/cqrs';

/** A step failed for good: `error`, with the reason, until an admin retries. */
export class FailAnalysisCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
    readonly reason: string,
  ) {
    super();
  }
}
