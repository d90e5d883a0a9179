import { OrganizationQuery } from '../../../shared';
import type { PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';

export interface ListPhoneNumbersProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListPhoneNumbersQuery extends OrganizationQuery<ListPhoneNumbersProps, PhoneNumberView[]> {}
