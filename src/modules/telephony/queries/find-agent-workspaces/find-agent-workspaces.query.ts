import { Query } from '@nestjs/cqrs';

export interface FindAgentWorkspacesProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a user: the workspaces where they are an agent. */
export class FindAgentWorkspacesQuery extends Query<string[]> {
  constructor(readonly props: FindAgentWorkspacesProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
