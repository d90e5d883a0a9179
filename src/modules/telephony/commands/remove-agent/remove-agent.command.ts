import { OrganizationCommand } from '../../../shared';

export interface RemoveAgentProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

/** The member stops being an agent; their number assignments go with it. */
export class RemoveAgentCommand extends OrganizationCommand<RemoveAgentProps> {}
