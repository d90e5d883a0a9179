import { OrganizationCommand } from '../../../shared';
import type { RingStrategy } from '@domain/telephony/phone-number.aggregate';

export interface UpdatePhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
  readonly patch: { friendlyName?: string | null; ringStrategy?: RingStrategy };
}

export class UpdatePhoneNumberCommand extends OrganizationCommand<UpdatePhoneNumberProps> {}
