import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { agentNotFound, identityTaken } from '@domain/telephony/errors';
import { AgentRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UpdateAgentCommand } from './update-agent.command';

@CommandHandler(UpdateAgentCommand)
export class UpdateAgentHandler implements ICommandHandler<UpdateAgentCommand, void> {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: UpdateAgentCommand): Promise<void> {
    const agent = await this.agents.find(c.organizationId, c.workspaceId, c.userId);
    if (!agent) throw agentNotFound();
    if (c.patch.identity !== undefined && c.patch.identity !== agent.identity) {
      if (await this.agents.findByIdentity(c.organizationId, c.workspaceId, c.patch.identity)) throw identityTaken(c.patch.identity);
    }
    agent.update(c.patch, this.clock.now());
    await this.agents.save(agent);
  }
}
