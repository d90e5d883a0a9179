import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { invitationNotFound } from '@domain/tenancy/errors';
import { InvitationRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { RevokeInvitationCommand } from './revoke-invitation.command';

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand, void> {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, invitationId } }: RevokeInvitationCommand): Promise<void> {
    const invitation = await this.invitations.findById(organizationId, invitationId);
    if (!invitation) throw invitationNotFound();
    invitation.revoke(this.clock.now());
    await this.invitations.save(invitation);
  }
}
