import { Command } from '@nestjs/cqrs';

export interface RemoveWorkspaceMemberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly actorManagesAllWorkspaces: boolean;
  readonly actorUserId: string | null;
}

export class RemoveWorkspaceMemberCommand extends Command<void> {
  constructor(readonly props: RemoveWorkspaceMemberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
