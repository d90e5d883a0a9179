import { Command } from '@nestjs/cqrs';
import type { RingStrategy } from '../../../../domain/telephony/phone-number.aggregate';

export class AddPhoneNumberCommand extends Command<{ phoneNumberId: string }> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly phoneNumber: string,
    readonly twilioSid: string,
    readonly friendlyName: string | null,
    readonly ringStrategy: RingStrategy | undefined,
  ) {
    super();
  }
}
