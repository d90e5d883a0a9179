import { OrganizationQuery } from '../../../shared';
import type { InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetInvitationProps {
  readonly organizationId: string;
  readonly invitationId: string;
}

export class GetInvitationQuery extends OrganizationQuery<GetInvitationProps, InvitationView | null> {}
