import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { WorkspaceMemberRepository, WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { WorkspaceMember } from '@domain/tenancy/workspace-member.aggregate';
import { Workspace } from '@domain/tenancy/workspace.aggregate';
import { CreateWorkspaceCommand } from './create-workspace.command';

@CommandHandler(CreateWorkspaceCommand)
export class CreateWorkspaceHandler implements ICommandHandler<CreateWorkspaceCommand, { workspaceId: string }> {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly members: WorkspaceMemberRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: command }: CreateWorkspaceCommand): Promise<{ workspaceId: string }> {
    const workspace = Workspace.create({ organizationId: command.organizationId, name: command.name, now: this.clock.now() });
    await this.workspaces.save(workspace);
    if (command.creatorUserId) {
      await this.members.save(
        WorkspaceMember.add({
          organizationId: command.organizationId,
          workspaceId: workspace.id,
          userId: command.creatorUserId,
          role: 'owner',
        }),
      );
    }
    return { workspaceId: workspace.id };
  }
}
