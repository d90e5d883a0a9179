import { OrganizationQuery } from '../../../shared';
import type { TwilioAccountView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetTwilioAccountProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class GetTwilioAccountQuery extends OrganizationQuery<GetTwilioAccountProps, TwilioAccountView | null> {}
