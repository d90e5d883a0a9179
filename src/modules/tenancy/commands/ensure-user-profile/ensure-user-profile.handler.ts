import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../domain/shared/clock';
import { OrganizationMember } from '../../../../domain/tenancy/organization-member.aggregate';
import {
  OrganizationMemberRepository,
  OrganizationRepository,
  UserProfileRepository,
} from '../../../../domain/tenancy/ports/tenancy-repositories.port';
import { UserProfile } from '../../../../domain/tenancy/user-profile.aggregate';
import { EnsureUserProfileCommand } from './ensure-user-profile.command';

@CommandHandler(EnsureUserProfileCommand)
export class EnsureUserProfileHandler implements ICommandHandler<EnsureUserProfileCommand, { created: boolean }> {
  constructor(
    private readonly profiles: UserProfileRepository,
    private readonly organizations: OrganizationRepository,
    private readonly members: OrganizationMemberRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ user }: EnsureUserProfileCommand): Promise<{ created: boolean }> {
    const existing = await this.profiles.findById(user.userId);
    const profile = UserProfile.fromClaims({ id: user.userId, email: user.email, fullName: user.fullName, avatarUrl: user.avatarUrl, phone: user.phone });
    await this.profiles.upsert(profile);
    if (existing) return { created: false };
    const domain = profile.emailDomain;
    const organizationId = domain ? await this.organizations.findIdByDomain(domain) : null;
    if (organizationId && !(await this.members.find(organizationId, profile.id))) {
      await this.members.save(OrganizationMember.add({ organizationId, userId: profile.id, role: 'member', now: this.clock.now() }));
    }
    return { created: true };
  }
}
