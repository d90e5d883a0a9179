import { Command } from '@nestjs/cqrs';

export class DeleteWorkspaceCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
  ) {
    super();
  }
}
