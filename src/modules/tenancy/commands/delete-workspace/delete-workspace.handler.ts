import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { workspaceNotFound } from '@domain/tenancy/errors';
import { WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { DeleteWorkspaceCommand } from './delete-workspace.command';

@CommandHandler(DeleteWorkspaceCommand)
export class DeleteWorkspaceHandler implements ICommandHandler<DeleteWorkspaceCommand, void> {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, workspaceId } }: DeleteWorkspaceCommand): Promise<void> {
    const workspace = await this.workspaces.findById(organizationId, workspaceId);
    if (!workspace) throw workspaceNotFound();
    workspace.delete(this.clock.now());
    await this.workspaces.save(workspace);
  }
}
