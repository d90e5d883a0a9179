import { Command } from '@nestjs/cqrs';
import type { AgentAvailability } from '../../../../domain/telephony/agent.aggregate';

export class AddAgentCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
    readonly identity: string,
    readonly availability: AgentAvailability | undefined,
  ) {
    super();
  }
}
