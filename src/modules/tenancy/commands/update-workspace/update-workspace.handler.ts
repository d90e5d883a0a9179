import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { workspaceNotFound } from '@domain/tenancy/errors';
import { WorkspaceRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { UpdateWorkspaceCommand } from './update-workspace.command';

@CommandHandler(UpdateWorkspaceCommand)
export class UpdateWorkspaceHandler implements ICommandHandler<UpdateWorkspaceCommand, void> {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  async execute({ props: { organizationId, workspaceId, patch } }: UpdateWorkspaceCommand): Promise<void> {
    const workspace = await this.workspaces.findById(organizationId, workspaceId);
    if (!workspace) throw workspaceNotFound();
    if (patch.name !== undefined) workspace.rename(patch.name);
    await this.workspaces.save(workspace);
  }
}
