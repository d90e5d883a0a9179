import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetWorkspaceQuery } from './get-workspace.query';

@QueryHandler(GetWorkspaceQuery)
export class GetWorkspaceHandler implements IQueryHandler<GetWorkspaceQuery, WorkspaceView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetWorkspaceQuery): Promise<WorkspaceView | null> {
    return this.readModel.workspace(q.organizationId, q.workspaceId);
  }
}
