import { OrganizationCommand } from '../../../shared';
import type { RingStrategy } from '@domain/telephony/phone-number.aggregate';

export interface AddPhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumber: string;
  readonly twilioSid: string;
  readonly friendlyName: string | null;
  readonly ringStrategy?: RingStrategy;
}

export class AddPhoneNumberCommand extends OrganizationCommand<AddPhoneNumberProps, { phoneNumberId: string }> {}
