import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { memberNotFound } from '@domain/tenancy/errors';
import { OrganizationMemberRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { RemoveMemberCommand } from './remove-member.command';
import { otherOwnersThan } from '../other-owners';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, void> {
  constructor(private readonly members: OrganizationMemberRepository) {}

  async execute({ props: command }: RemoveMemberCommand): Promise<void> {
    const member = await this.members.find(command.organizationId, command.userId);
    if (!member) throw memberNotFound();
    member.remove(await otherOwnersThan(this.members, member), command.actorRole);
    await this.members.save(member);
  }
}
