import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type WorkspaceMemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetWorkspaceMemberQuery } from './get-workspace-member.query';

@QueryHandler(GetWorkspaceMemberQuery)
export class GetWorkspaceMemberHandler implements IQueryHandler<GetWorkspaceMemberQuery, WorkspaceMemberView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetWorkspaceMemberQuery): Promise<WorkspaceMemberView | null> {
    return this.readModel.workspaceMember(q.organizationId, q.workspaceId, q.userId);
  }
}
