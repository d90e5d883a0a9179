import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListWorkspacesQuery } from './list-workspaces.query';

@QueryHandler(ListWorkspacesQuery)
export class ListWorkspacesHandler implements IQueryHandler<ListWorkspacesQuery, WorkspaceView[]> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: ListWorkspacesQuery): Promise<WorkspaceView[]> {
    return this.readModel.workspaces(q.organizationId, q.after, q.limit, q.only);
  }
}
