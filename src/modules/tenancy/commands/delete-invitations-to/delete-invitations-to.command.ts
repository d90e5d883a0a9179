import { OrganizationCommand } from '../../../shared';

export interface DeleteInvitationsToProps {
  readonly organizationId: string;
  readonly email: string;
}

/** Erasure: the organization's invitations to this address go, whatever their status. Answers their ids. */
export class DeleteInvitationsToCommand extends OrganizationCommand<DeleteInvitationsToProps, string[]> {}
