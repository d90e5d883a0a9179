import { OrganizationQuery } from '../../../shared';
import type { InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListInvitationsProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListInvitationsQuery extends OrganizationQuery<ListInvitationsProps, InvitationView[]> {}
