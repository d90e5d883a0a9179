import { Query } from '@nestjs/cqrs';
import type { WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetWorkspaceMemberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly userId: string;
}

export class GetWorkspaceMemberQuery extends Query<WorkspaceMemberView | null> {
  constructor(readonly props: GetWorkspaceMemberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
