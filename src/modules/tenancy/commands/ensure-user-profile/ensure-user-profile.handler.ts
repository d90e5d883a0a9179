import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import {
  DomainClaimRepository,
  InvitationRepository,
  OrganizationMemberRepository,
  UserProfileRepository,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import { UserProfile } from '@domain/tenancy/user-profile.aggregate';
import { EnsureUserProfileCommand } from './ensure-user-profile.command';

@CommandHandler(EnsureUserProfileCommand)
export class EnsureUserProfileHandler implements ICommandHandler<EnsureUserProfileCommand, { created: boolean }> {
  constructor(
    private readonly profiles: UserProfileRepository,
    private readonly claims: DomainClaimRepository,
    private readonly invitations: InvitationRepository,
    private readonly members: OrganizationMemberRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { user } }: EnsureUserProfileCommand): Promise<{ created: boolean }> {
    const existing = await this.profiles.findById(user.userId);
    const profile = UserProfile.fromClaims({
      id: user.userId,
      email: user.email,
      emailVerified: user.emailVerified === true,
      fullName: user.fullName,
      avatarUrl: user.avatarUrl,
      phone: user.phone,
    });
    await this.profiles.upsert(profile);
    // Doors open once per verified address: at the first sign-in with it, or when it becomes verified.
    const email = profile.newlyVerifiedEmail(existing);
    if (email) await this.join(profile, email);
    return { created: !existing };
  }

  private async join(profile: UserProfile, email: string): Promise<void> {
    const now = this.clock.now();
    for (const invitation of await this.invitations.findOpenForEmail(email, now)) {
      invitation.accept(profile.id, now);
      await this.invitations.save(invitation);
      if (!(await this.members.find(invitation.organizationId, profile.id))) {
        await this.members.save(
          OrganizationMember.add({ organizationId: invitation.organizationId, userId: profile.id, role: invitation.role, now }),
        );
      }
    }
    const domain = profile.emailDomain;
    const organizationId = domain ? await this.claims.verifiedOwnerOf(domain) : null;
    if (organizationId && !(await this.members.find(organizationId, profile.id))) {
      await this.members.save(OrganizationMember.add({ organizationId, userId: profile.id, role: 'member', now }));
    }
  }
}
