import { OrganizationCommand } from '../../../shared';

export interface UnassignAgentFromNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
  readonly userId: string;
}

export class UnassignAgentFromNumberCommand extends OrganizationCommand<UnassignAgentFromNumberProps> {}
