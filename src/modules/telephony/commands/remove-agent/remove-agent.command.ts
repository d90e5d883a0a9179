import { Command } from '@nestjs/cqrs';

export interface RemoveAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

/** The member stops being an agent; their number assignments go with it. */
export class RemoveAgentCommand extends Command<void> {
  constructor(readonly props: RemoveAgentProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
