import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListMembersQuery } from './list-members.query';

@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, MemberView[]> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: ListMembersQuery): Promise<MemberView[]> {
    return this.readModel.members(q.organizationId, q.after, q.limit);
  }
}
