import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type MeView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetMeQuery } from './get-me.query';

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery, MeView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetMeQuery): Promise<MeView | null> {
    return this.readModel.me(q.userId);
  }
}
