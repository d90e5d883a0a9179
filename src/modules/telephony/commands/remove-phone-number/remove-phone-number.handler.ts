import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { phoneNumberNotFound } from '@domain/telephony/errors';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { RemovePhoneNumberCommand } from './remove-phone-number.command';

@CommandHandler(RemovePhoneNumberCommand)
export class RemovePhoneNumberHandler implements ICommandHandler<RemovePhoneNumberCommand, void> {
  constructor(
    private readonly numbers: PhoneNumberRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RemovePhoneNumberCommand): Promise<void> {
    const number = await this.numbers.findById(c.organizationId, c.workspaceId, c.phoneNumberId);
    if (!number) throw phoneNumberNotFound();
    number.remove(this.clock.now());
    await this.numbers.save(number);
  }
}
