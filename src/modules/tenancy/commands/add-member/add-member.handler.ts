import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../domain/shared/clock';
import { ForbiddenError } from '../../../../domain/shared/domain-error';
import { alreadyMember, userNotFound } from '../../../../domain/tenancy/errors';
import { OrganizationMember } from '../../../../domain/tenancy/organization-member.aggregate';
import { OrganizationMemberRepository, UserProfileRepository } from '../../../../domain/tenancy/ports/tenancy-repositories.port';
import { AddMemberCommand } from './add-member.command';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, { userId: string }> {
  constructor(
    private readonly members: OrganizationMemberRepository,
    private readonly profiles: UserProfileRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: AddMemberCommand): Promise<{ userId: string }> {
    if (command.role === 'owner' && command.actorRole !== 'owner') {
      throw new ForbiddenError('member.owner_required', 'Only an owner can add an owner');
    }
    const userId =
      'userId' in command.user
        ? ((await this.profiles.findById(command.user.userId))?.id ?? null)
        : await this.profiles.findIdByEmail(command.user.email);
    if (!userId) throw userNotFound();
    if (await this.members.find(command.organizationId, userId)) throw alreadyMember();
    await this.members.save(
      OrganizationMember.add({ organizationId: command.organizationId, userId, role: command.role, now: this.clock.now() }),
    );
    return { userId };
  }
}
