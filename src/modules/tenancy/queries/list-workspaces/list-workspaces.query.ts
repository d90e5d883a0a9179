import { OrganizationQuery } from '../../../shared';
import type { WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListWorkspacesProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
  /** The workspaces the caller may see; null for all. */
  readonly only: readonly string[] | null;
}

export class ListWorkspacesQuery extends OrganizationQuery<ListWorkspacesProps, WorkspaceView[]> {}
