import { OrganizationCommand } from '../../../shared';
import type { WorkspaceRole } from '@domain/tenancy/roles';

export interface SetWorkspaceMemberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly role: WorkspaceRole;
  /** The caller manages every workspace (organization owner or admin)... */
  readonly actorManagesAllWorkspaces: boolean;
  /** ...or is this user, who must own this workspace. */
  readonly actorUserId: string | null;
}

/** Adds the organization member to the workspace, or changes their workspace role. */
export class SetWorkspaceMemberCommand extends OrganizationCommand<SetWorkspaceMemberProps, { created: boolean }> {}
