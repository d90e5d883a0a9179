import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agentNotFound } from '@domain/telephony/errors';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UnassignAgentFromNumberCommand } from './unassign-agent-from-number.command';
import { existingPhoneNumber } from '@domain/telephony/existing-phone-number';

@CommandHandler(UnassignAgentFromNumberCommand)
export class UnassignAgentFromNumberHandler implements ICommandHandler<UnassignAgentFromNumberCommand, void> {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  async execute({ props: c }: UnassignAgentFromNumberCommand): Promise<void> {
    const number = await existingPhoneNumber(this.numbers, c.organizationId, c.workspaceId, c.phoneNumberId);
    if (!number.unassignAgent(c.userId)) throw agentNotFound();
    await this.numbers.save(number);
  }
}
