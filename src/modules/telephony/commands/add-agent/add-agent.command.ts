import { Command } from '@nestjs/cqrs';
import type { AgentAvailability } from '@domain/telephony/agent.aggregate';

export interface AddAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly identity: string;
  readonly availability?: AgentAvailability;
}

export class AddAgentCommand extends Command<void> {
  constructor(readonly props: AddAgentProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
