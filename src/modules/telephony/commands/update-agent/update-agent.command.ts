import { Command } from '@nestjs/cqrs';
import type { AgentAvailability } from '@domain/telephony/agent.aggregate';

export interface UpdateAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly patch: { identity?: string; availability?: AgentAvailability };
}

export class UpdateAgentCommand extends Command<void> {
  constructor(readonly props: UpdateAgentProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
