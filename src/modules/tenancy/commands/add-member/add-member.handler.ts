import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { ForbiddenError } from '@domain/shared/domain-error';
import { alreadyMember, invitationExists, userNotFound } from '@domain/tenancy/errors';
import { Invitation } from '@domain/tenancy/invitation.aggregate';
import { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import { InvitationRepository, OrganizationMemberRepository, UserProfileRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { AddMemberCommand, type AddMemberProps, type AddMemberResult } from './add-member.command';

/**
 * By id: the user must be known. By email: a user who signed in with that address verified
 * joins at once; anyone else gets an invitation, taken up at their first verified sign-in.
 */
@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, AddMemberResult> {
  constructor(
    private readonly members: OrganizationMemberRepository,
    private readonly profiles: UserProfileRepository,
    private readonly invitations: InvitationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: command }: AddMemberCommand): Promise<AddMemberResult> {
    if (command.role === 'owner' && command.actorRole !== 'owner') {
      throw new ForbiddenError('member.owner_required', 'Only an owner can add an owner');
    }
    const now = this.clock.now();
    let userId: string | null;
    if ('userId' in command.user) {
      userId = (await this.profiles.findById(command.user.userId))?.id ?? null;
      if (!userId) throw userNotFound();
    } else {
      userId = await this.profiles.findIdByVerifiedEmail(command.user.email);
      if (!userId) return this.invite(command, command.user.email, now);
    }
    if (await this.members.find(command.organizationId, userId)) throw alreadyMember();
    await this.members.save(OrganizationMember.add({ organizationId: command.organizationId, userId, role: command.role, now }));
    return { kind: 'member', userId };
  }

  private async invite(command: AddMemberProps, email: string, now: Date): Promise<AddMemberResult> {
    const invitation = Invitation.issue({
      organizationId: command.organizationId,
      email,
      role: command.role,
      invitedBy: command.actorUserId ?? null,
      inviterRole: command.actorRole,
      now,
    });
    const pending = await this.invitations.findPendingByEmail(command.organizationId, invitation.email);
    if (pending) {
      if (pending.statusAt(now) === 'pending') throw invitationExists();
      pending.markExpired(now);
      await this.invitations.save(pending);
    }
    await this.invitations.save(invitation);
    return { kind: 'invitation', invitationId: invitation.id };
  }
}
