import { Command } from '@nestjs/cqrs';

export class CreateWorkspaceCommand extends Command<{ workspaceId: string }> {
  constructor(
    readonly organizationId: string,
    readonly name: string,
    /** A user who creates a workspace becomes its owner. */
    readonly creatorUserId: string | null,
  ) {
    super();
  }
}
