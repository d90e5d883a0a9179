import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { UpdateWorkspaceCommand } from './update-workspace.command';
import { existingWorkspace } from '@domain/tenancy/existing-workspace';

@CommandHandler(UpdateWorkspaceCommand)
export class UpdateWorkspaceHandler implements ICommandHandler<UpdateWorkspaceCommand, void> {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  async execute({ props: { organizationId, workspaceId, patch } }: UpdateWorkspaceCommand): Promise<void> {
    const workspace = await existingWorkspace(this.workspaces, organizationId, workspaceId);
    if (patch.name !== undefined) workspace.rename(patch.name);
    await this.workspaces.save(workspace);
  }
}
