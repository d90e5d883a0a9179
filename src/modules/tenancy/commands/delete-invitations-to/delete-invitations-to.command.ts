import { Command } from '@nestjs/cqrs';

export interface DeleteInvitationsToProps {
  readonly organizationId: string;
  readonly email: string;
}

/** Erasure: the organization's invitations to this address go, whatever their status. Answers their ids. */
export class DeleteInvitationsToCommand extends Command<string[]> {
  constructor(readonly props: DeleteInvitationsToProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
