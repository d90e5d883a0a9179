import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListWorkspaceMembersQuery } from './list-workspace-members.query';

@QueryHandler(ListWorkspaceMembersQuery)
export class ListWorkspaceMembersHandler implements IQueryHandler<ListWorkspaceMembersQuery, WorkspaceMemberView[]> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: ListWorkspaceMembersQuery): Promise<WorkspaceMemberView[]> {
    return this.readModel.workspaceMembers(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
