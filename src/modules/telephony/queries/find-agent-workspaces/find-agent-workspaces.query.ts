import { OrganizationQuery } from '../../../shared';

export interface FindAgentWorkspacesProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a user: the workspaces where they are an agent. */
export class FindAgentWorkspacesQuery extends OrganizationQuery<FindAgentWorkspacesProps, string[]> {}
