import { OrganizationCommand } from '../../../shared';

export interface RemoveTwilioAccountProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class RemoveTwilioAccountCommand extends OrganizationCommand<RemoveTwilioAccountProps> {}
