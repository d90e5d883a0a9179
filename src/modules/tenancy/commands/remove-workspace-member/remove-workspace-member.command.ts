import { OrganizationCommand } from '../../../shared';

export interface RemoveWorkspaceMemberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly actorManagesAllWorkspaces: boolean;
  readonly actorUserId: string | null;
}

export class RemoveWorkspaceMemberCommand extends OrganizationCommand<RemoveWorkspaceMemberProps> {}
