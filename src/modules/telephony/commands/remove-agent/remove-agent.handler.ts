import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agentNotFound } from '@domain/telephony/errors';
import { AgentRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { RemoveAgentCommand } from './remove-agent.command';

@CommandHandler(RemoveAgentCommand)
export class RemoveAgentHandler implements ICommandHandler<RemoveAgentCommand, void> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ props: c }: RemoveAgentCommand): Promise<void> {
    const agent = await this.agents.find(c.organizationId, c.workspaceId, c.userId);
    if (!agent) throw agentNotFound();
    agent.remove();
    await this.agents.save(agent);
  }
}
