import { Command } from '@nestjs/cqrs';

/** cleared → needs_review, by an admin. */
export class ReopenAnalysisCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
  ) {
    super();
  }
}
