import { Command } from '@nestjs/cqrs';

export interface RetryAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** error → pending, and back into the pipeline. */
export class RetryAnalysisCommand extends Command<void> {
  constructor(readonly props: RetryAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
