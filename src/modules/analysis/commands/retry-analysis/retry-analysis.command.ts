import { Command } from '@nestjs/cqrs';

/** error → pending, and back into the pipeline. */
export class RetryAnalysisCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
  ) {
    super();
  }
}
