import { OrganizationQuery } from '../../../shared';
import type { PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetPhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
}

export class GetPhoneNumberQuery extends OrganizationQuery<GetPhoneNumberProps, PhoneNumberView | null> {}
