import { Command } from '@nestjs/cqrs';

export class UpdateWorkspaceCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly patch: { name?: string },
  ) {
    super();
  }
}
