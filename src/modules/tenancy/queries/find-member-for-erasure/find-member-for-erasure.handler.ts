import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MemberPersonalDataEraser, type MemberForErasure } from '@domain/tenancy/ports/member-personal-data-eraser.port';
import { FindMemberForErasureQuery } from './find-member-for-erasure.query';

@QueryHandler(FindMemberForErasureQuery)
export class FindMemberForErasureHandler implements IQueryHandler<FindMemberForErasureQuery, MemberForErasure | null> {
  constructor(private readonly eraser: MemberPersonalDataEraser) {}

  execute({ props: q }: FindMemberForErasureQuery): Promise<MemberForErasure | null> {
    return this.eraser.memberForErasure(q.organizationId, q.userId);
  }
}
