import { Query } from '@nestjs/cqrs';
import type { WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListWorkspacesProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
  /** The workspaces the caller may see; null for all. */
  readonly only: readonly string[] | null;
}

export class ListWorkspacesQuery extends Query<WorkspaceView[]> {
  constructor(readonly props: ListWorkspacesProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
