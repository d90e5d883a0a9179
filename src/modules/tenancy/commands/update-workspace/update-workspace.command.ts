import { OrganizationCommand } from '../../../shared';

export interface UpdateWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly patch: { name?: string };
}

export class UpdateWorkspaceCommand extends OrganizationCommand<UpdateWorkspaceProps> {}
