import { Command } from '@nestjs/cqrs';

export interface DeleteWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class DeleteWorkspaceCommand extends Command<void> {
  constructor(readonly props: DeleteWorkspaceProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
