import { Command } from '@nestjs/cqrs';

export interface RevokeInvitationProps {
  readonly organizationId: string;
  readonly invitationId: string;
}

export class RevokeInvitationCommand extends Command<void> {
  constructor(readonly props: RevokeInvitationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
