import { Query } from '@nestjs/cqrs';
import type { WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetWorkspaceProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class GetWorkspaceQuery extends Query<WorkspaceView | null> {
  constructor(readonly props: GetWorkspaceProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
