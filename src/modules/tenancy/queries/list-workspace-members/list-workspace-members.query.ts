import { Query } from '@nestjs/cqrs';
import type { WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListWorkspaceMembersProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListWorkspaceMembersQuery extends Query<WorkspaceMemberView[]> {
  constructor(readonly props: ListWorkspaceMembersProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
