import { OrganizationCommand } from '../../../shared';

export interface RevokeInvitationProps {
  readonly organizationId: string;
  readonly invitationId: string;
}

export class RevokeInvitationCommand extends OrganizationCommand<RevokeInvitationProps> {}
