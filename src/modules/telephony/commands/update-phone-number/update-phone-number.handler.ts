import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UpdatePhoneNumberCommand } from './update-phone-number.command';
import { existingPhoneNumber } from '@domain/telephony/existing-phone-number';

@CommandHandler(UpdatePhoneNumberCommand)
export class UpdatePhoneNumberHandler implements ICommandHandler<UpdatePhoneNumberCommand, void> {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  async execute({ props: c }: UpdatePhoneNumberCommand): Promise<void> {
    const number = await existingPhoneNumber(this.numbers, c.organizationId, c.workspaceId, c.phoneNumberId);
    number.update(c.patch);
    await this.numbers.save(number);
  }
}
