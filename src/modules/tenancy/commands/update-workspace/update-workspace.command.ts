import { Command } from '@nestjs/cqrs';

export interface UpdateWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly patch: { name?: string };
}

export class UpdateWorkspaceCommand extends Command<void> {
  constructor(readonly props: UpdateWorkspaceProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
