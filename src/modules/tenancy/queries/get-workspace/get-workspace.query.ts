import { OrganizationQuery } from '../../../shared';
import type { WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class GetWorkspaceQuery extends OrganizationQuery<GetWorkspaceProps, WorkspaceView | null> {}
