import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UpdatePhoneNumberCommand } from './update-phone-number.command';
import { changePhoneNumber } from '@domain/telephony/existing-phone-number';

@CommandHandler(UpdatePhoneNumberCommand)
export class UpdatePhoneNumberHandler implements ICommandHandler<UpdatePhoneNumberCommand, void> {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  async execute({ props: c }: UpdatePhoneNumberCommand): Promise<void> {
    await changePhoneNumber(this.numbers, c.organizationId, c.workspaceId, c.phoneNumberId, (number) => number.update(c.patch));
  }
}
