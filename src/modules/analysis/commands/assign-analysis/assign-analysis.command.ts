import { Command } from '@nestjs/cqrs';

export interface AssignAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly reviewerId: string | null;
  readonly assignedBy: string | null;
}

/** To a named reviewer, or to the organization's least-loaded reviewer when none is named. */
export class AssignAnalysisCommand extends Command<{ reviewerId: string }> {
  constructor(readonly props: AssignAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
