import { Command } from '@nestjs/cqrs';

export interface ReopenAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** cleared → needs_review, by an admin. */
export class ReopenAnalysisCommand extends Command<void> {
  constructor(readonly props: ReopenAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
