import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { phoneNumberNotFound } from '@domain/telephony/errors';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { UpdatePhoneNumberCommand } from './update-phone-number.command';

@CommandHandler(UpdatePhoneNumberCommand)
export class UpdatePhoneNumberHandler implements ICommandHandler<UpdatePhoneNumberCommand, void> {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  async execute({ props: c }: UpdatePhoneNumberCommand): Promise<void> {
    const number = await this.numbers.findById(c.organizationId, c.workspaceId, c.phoneNumberId);
    if (!number) throw phoneNumberNotFound();
    number.update(c.patch);
    await this.numbers.save(number);
  }
}
