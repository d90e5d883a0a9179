import { OrganizationCommand } from '../../../shared';

export interface DeleteWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class DeleteWorkspaceCommand extends OrganizationCommand<DeleteWorkspaceProps> {}
