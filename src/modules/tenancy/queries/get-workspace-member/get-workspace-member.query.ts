import { Query } from '@nestjs/cqrs';
import type { WorkspaceMemberView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetWorkspaceMemberQuery extends Query<WorkspaceMemberView | null> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
  ) {
    super();
  }
}
