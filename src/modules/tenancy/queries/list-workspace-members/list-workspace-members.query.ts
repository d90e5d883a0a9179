import { OrganizationQuery } from '../../../shared';
import type { WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListWorkspaceMembersProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListWorkspaceMembersQuery extends OrganizationQuery<ListWorkspaceMembersProps, WorkspaceMemberView[]> {}
