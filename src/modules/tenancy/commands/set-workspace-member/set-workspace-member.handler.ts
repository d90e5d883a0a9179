import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { memberNotFound, workspaceNotFound } from '@domain/tenancy/errors';
import {
  OrganizationMemberRepository,
  WorkspaceMemberRepository,
  WorkspaceRepository,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import { WorkspaceMember } from '@domain/tenancy/workspace-member.aggregate';
import { assertManagesWorkspace } from '../workspace-access';
import { SetWorkspaceMemberCommand } from './set-workspace-member.command';

@CommandHandler(SetWorkspaceMemberCommand)
export class SetWorkspaceMemberHandler implements ICommandHandler<SetWorkspaceMemberCommand, { created: boolean }> {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly workspaceMembers: WorkspaceMemberRepository,
    private readonly organizationMembers: OrganizationMemberRepository,
  ) {}

  async execute({ props: c }: SetWorkspaceMemberCommand): Promise<{ created: boolean }> {
    if (!(await this.workspaces.findById(c.organizationId, c.workspaceId))) throw workspaceNotFound();
    await assertManagesWorkspace(this.workspaceMembers, c);
    if (!(await this.organizationMembers.find(c.organizationId, c.userId))) throw memberNotFound();
    const existing = await this.workspaceMembers.find(c.organizationId, c.workspaceId, c.userId);
    if (existing) {
      existing.changeRole(c.role);
      await this.workspaceMembers.save(existing);
      return { created: false };
    }
    await this.workspaceMembers.save(
      WorkspaceMember.add({ organizationId: c.organizationId, workspaceId: c.workspaceId, userId: c.userId, role: c.role }),
    );
    return { created: true };
  }
}
