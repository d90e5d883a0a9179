import { Query } from '@nestjs/cqrs';
import type { WorkspaceMemberView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class ListWorkspaceMembersQuery extends Query<WorkspaceMemberView[]> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
