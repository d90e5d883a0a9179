import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { memberNotFound, workspaceNotFound } from '@domain/tenancy/errors';
import { WorkspaceMemberRepository, WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { assertManagesWorkspace } from '../workspace-access';
import { RemoveWorkspaceMemberCommand } from './remove-workspace-member.command';

@CommandHandler(RemoveWorkspaceMemberCommand)
export class RemoveWorkspaceMemberHandler implements ICommandHandler<RemoveWorkspaceMemberCommand, void> {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly workspaceMembers: WorkspaceMemberRepository,
  ) {}

  async execute({ props: c }: RemoveWorkspaceMemberCommand): Promise<void> {
    if (!(await this.workspaces.findById(c.organizationId, c.workspaceId))) throw workspaceNotFound();
    await assertManagesWorkspace(this.workspaceMembers, c);
    const member = await this.workspaceMembers.find(c.organizationId, c.workspaceId, c.userId);
    if (!member) throw memberNotFound();
    member.remove();
    await this.workspaceMembers.save(member);
  }
}
