import { Command } from '@nestjs/cqrs';

export class RemoveWorkspaceMemberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
    readonly actorManagesAllWorkspaces: boolean,
    readonly actorUserId: string | null,
  ) {
    super();
  }
}
