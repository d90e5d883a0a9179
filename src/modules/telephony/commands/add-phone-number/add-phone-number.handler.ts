import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { phoneNumberTaken } from '@domain/telephony/errors';
import { PhoneNumber } from '@domain/telephony/phone-number.aggregate';
import { PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { AddPhoneNumberCommand } from './add-phone-number.command';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@CommandHandler(AddPhoneNumberCommand)
export class AddPhoneNumberHandler implements ICommandHandler<AddPhoneNumberCommand, { phoneNumberId: string }> {
  constructor(
    private readonly numbers: PhoneNumberRepository,
    private readonly clock: Clock,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: c }: AddPhoneNumberCommand): Promise<{ phoneNumberId: string }> {
    await assertWorkspaceExists(this.queries, c.organizationId, c.workspaceId);
    const number = PhoneNumber.add({
      organizationId: c.organizationId,
      workspaceId: c.workspaceId,
      phoneNumber: c.phoneNumber,
      twilioSid: c.twilioSid,
      friendlyName: c.friendlyName,
      ringStrategy: c.ringStrategy,
      now: this.clock.now(),
    });
    if (await this.numbers.isTaken(number.e164, null)) throw phoneNumberTaken(number.e164);
    await this.numbers.save(number);
    return { phoneNumberId: number.id };
  }
}
