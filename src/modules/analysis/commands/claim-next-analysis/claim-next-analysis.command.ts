import { Command } from '@nestjs/cqrs';

export interface ClaimNextAnalysisProps {
  readonly organizationId: string;
  readonly reviewerId: string;
}

/** The next analysis needing review, highest priority then oldest, assigned to the caller; null when the queue is empty. */
export class ClaimNextAnalysisCommand extends Command<string | null> {
  constructor(readonly props: ClaimNextAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
