import { OrganizationCommand } from '../../../shared';

export interface CreateWorkspaceProps {
  readonly organizationId: string;
  readonly name: string;
  /** A user who creates a workspace becomes its owner. */
  readonly creatorUserId: string | null;
}

export class CreateWorkspaceCommand extends OrganizationCommand<CreateWorkspaceProps, { workspaceId: string }> {}
