import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { notAnAgent } from '@domain/telephony/errors';
import { AgentRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { ConnectSoftphoneCommand } from './connect-softphone.command';

@CommandHandler(ConnectSoftphoneCommand)
export class ConnectSoftphoneHandler implements ICommandHandler<ConnectSoftphoneCommand, void> {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ConnectSoftphoneCommand): Promise<void> {
    const agent = await this.agents.find(c.organizationId, c.workspaceId, c.userId);
    if (!agent) throw notAnAgent();
    agent.softphoneConnected(c.until, this.clock.now());
    await this.agents.save(agent);
  }
}
