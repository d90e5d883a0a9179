import { Command } from '@nestjs/cqrs';

export interface ReleaseAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly actorId: string | null;
  readonly mayActForOthers: boolean;
}

/** in_review → needs_review, unreviewed; the reviewer's load goes down. */
export class ReleaseAnalysisCommand extends Command<void> {
  constructor(readonly props: ReleaseAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
