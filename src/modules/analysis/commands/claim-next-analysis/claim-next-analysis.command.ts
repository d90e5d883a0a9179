import { Command } from '@nestjs/cqrs';

/** The next analysis needing review, highest priority then oldest, assigned to the caller; null when the queue is empty. */
export class ClaimNextAnalysisCommand extends Command<string | null> {
  constructor(
    readonly organizationId: string,
    readonly reviewerId: string,
  ) {
    super();
  }
}
