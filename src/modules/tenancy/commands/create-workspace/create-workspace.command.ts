import { Command } from '@nestjs/cqrs';

export interface CreateWorkspaceProps {
  readonly organizationId: string;
  readonly name: string;
  /** A user who creates a workspace becomes its owner. */
  readonly creatorUserId: string | null;
}

export class CreateWorkspaceCommand extends Command<{ workspaceId: string }> {
  constructor(readonly props: CreateWorkspaceProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
