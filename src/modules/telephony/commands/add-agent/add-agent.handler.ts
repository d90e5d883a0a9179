import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../domain/shared/clock';
import { ConflictError } from '../../../../domain/shared/domain-error';
import { Agent } from '../../../../domain/telephony/agent.aggregate';
import { identityTaken } from '../../../../domain/telephony/errors';
import { AgentRepository } from '../../../../domain/telephony/ports/telephony-repositories.port';
import { AddAgentCommand } from './add-agent.command';

@CommandHandler(AddAgentCommand)
export class AddAgentHandler implements ICommandHandler<AddAgentCommand, void> {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: AddAgentCommand): Promise<void> {
    if (await this.agents.find(c.organizationId, c.workspaceId, c.userId)) {
      throw new ConflictError('agent.already_exists', 'This member is already an agent of the workspace');
    }
    if (await this.agents.findByIdentity(c.organizationId, c.workspaceId, c.identity)) throw identityTaken(c.identity);
    await this.agents.save(
      Agent.add({ organizationId: c.organizationId, workspaceId: c.workspaceId, userId: c.userId, identity: c.identity, availability: c.availability, now: this.clock.now() }),
    );
  }
}
