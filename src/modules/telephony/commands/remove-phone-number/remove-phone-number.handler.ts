import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { RemovePhoneNumberCommand } from './remove-phone-number.command';
import { changePhoneNumber } from '@domain/telephony/existing-phone-number';

@CommandHandler(RemovePhoneNumberCommand)
export class RemovePhoneNumberHandler implements ICommandHandler<RemovePhoneNumberCommand, void> {
  constructor(
    private readonly numbers: PhoneNumberRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RemovePhoneNumberCommand): Promise<void> {
    await changePhoneNumber(this.numbers, c.organizationId, c.workspaceId, c.phoneNumberId, (number) => number.remove(this.clock.now()));
  }
}
