import { Command } from '@nestjs/cqrs';
import type { AgentAvailability } from '../../../../domain/telephony/agent.aggregate';

export class UpdateAgentCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
    readonly patch: { identity?: string; availability?: AgentAvailability },
  ) {
    super();
  }
}
