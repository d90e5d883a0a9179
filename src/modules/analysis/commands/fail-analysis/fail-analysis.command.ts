import { Command } from '@nestjs/cqrs';

export interface FailAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly reason: string;
}

/** A step failed for good: `error`, with the reason, until an admin retries. */
export class FailAnalysisCommand extends Command<void> {
  constructor(readonly props: FailAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
