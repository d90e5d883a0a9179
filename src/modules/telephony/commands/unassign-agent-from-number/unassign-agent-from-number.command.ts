import { Command } from '@nestjs/cqrs';

export interface UnassignAgentFromNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
  readonly userId: string;
}

export class UnassignAgentFromNumberCommand extends Command<void> {
  constructor(readonly props: UnassignAgentFromNumberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
