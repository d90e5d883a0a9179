import { Query } from '@nestjs/cqrs';
import type { WorkspaceView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetWorkspaceQuery extends Query<WorkspaceView | null> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
  ) {
    super();
  }
}
