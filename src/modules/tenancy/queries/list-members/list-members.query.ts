import { OrganizationQuery } from '../../../shared';
import type { MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListMembersProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListMembersQuery extends OrganizationQuery<ListMembersProps, MemberView[]> {}
