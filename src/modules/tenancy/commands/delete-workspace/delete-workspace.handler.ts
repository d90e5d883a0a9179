import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { DeleteWorkspaceCommand } from './delete-workspace.command';
import { existingWorkspace } from '@domain/tenancy/existing-workspace';

@CommandHandler(DeleteWorkspaceCommand)
export class DeleteWorkspaceHandler implements ICommandHandler<DeleteWorkspaceCommand, void> {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, workspaceId } }: DeleteWorkspaceCommand): Promise<void> {
    const workspace = await existingWorkspace(this.workspaces, organizationId, workspaceId);
    workspace.delete(this.clock.now());
    await this.workspaces.save(workspace);
  }
}
