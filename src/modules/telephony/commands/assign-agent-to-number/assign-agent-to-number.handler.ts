import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agentNotFound } from '@domain/telephony/errors';
import { AgentRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { AssignAgentToNumberCommand } from './assign-agent-to-number.command';
import { existingPhoneNumber } from '@domain/telephony/existing-phone-number';

@CommandHandler(AssignAgentToNumberCommand)
export class AssignAgentToNumberHandler implements ICommandHandler<AssignAgentToNumberCommand, void> {
  constructor(
    private readonly numbers: PhoneNumberRepository,
    private readonly agents: AgentRepository,
  ) {}

  async execute({ props: c }: AssignAgentToNumberCommand): Promise<void> {
    const number = await existingPhoneNumber(this.numbers, c.organizationId, c.workspaceId, c.phoneNumberId);
    if (!(await this.agents.find(c.organizationId, c.workspaceId, c.userId))) throw agentNotFound();
    number.assignAgent(c.userId, c.position);
    await this.numbers.save(number);
  }
}
