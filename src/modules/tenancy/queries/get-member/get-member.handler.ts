import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetMemberQuery } from './get-member.query';

@QueryHandler(GetMemberQuery)
export class GetMemberHandler implements IQueryHandler<GetMemberQuery, MemberView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetMemberQuery): Promise<MemberView | null> {
    return this.readModel.member(q.organizationId, q.userId);
  }
}
