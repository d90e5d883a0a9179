import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agentNotFound, phoneNumberNotFound } from '@domain/telephony/errors';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UnassignAgentFromNumberCommand } from './unassign-agent-from-number.command';

@CommandHandler(UnassignAgentFromNumberCommand)
export class UnassignAgentFromNumberHandler implements ICommandHandler<UnassignAgentFromNumberCommand, void> {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  async execute({ props: c }: UnassignAgentFromNumberCommand): Promise<void> {
    const number = await this.numbers.findById(c.organizationId, c.workspaceId, c.phoneNumberId);
    if (!number) throw phoneNumberNotFound();
    if (!number.unassignAgent(c.userId)) throw agentNotFound();
    await this.numbers.save(number);
  }
}
