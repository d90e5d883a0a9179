import { OrganizationQuery } from '../../../shared';
import type { WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetWorkspaceMemberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

export class GetWorkspaceMemberQuery extends OrganizationQuery<GetWorkspaceMemberProps, WorkspaceMemberView | null> {}
