import { Command } from '@nestjs/cqrs';

export class RevokeInvitationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly invitationId: string,
  ) {
    super();
  }
}
