import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { memberNotFound } from '@domain/tenancy/errors';
import { OrganizationMemberRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { ChangeMemberRoleCommand } from './change-member-role.command';
import { otherOwnersThan } from '../other-owners';

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand, void> {
  constructor(private readonly members: OrganizationMemberRepository) {}

  async execute({ props: command }: ChangeMemberRoleCommand): Promise<void> {
    const member = await this.members.find(command.organizationId, command.userId);
    if (!member) throw memberNotFound();
    member.changeRole(command.role, await otherOwnersThan(this.members, member), command.actorRole);
    await this.members.save(member);
  }
}
