import { OrganizationQuery } from '../../../shared';
import type { CallDetailView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetCallProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class GetCallQuery extends OrganizationQuery<GetCallProps, CallDetailView | null> {}
