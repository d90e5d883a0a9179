import { Command } from '@nestjs/cqrs';
import type { RingStrategy } from '../../../../domain/telephony/phone-number.aggregate';

export class UpdatePhoneNumberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly phoneNumberId: string,
    readonly patch: { friendlyName?: string | null; ringStrategy?: RingStrategy },
  ) {
    super();
  }
}
