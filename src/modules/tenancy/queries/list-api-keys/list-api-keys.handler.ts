import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListApiKeysQuery } from './list-api-keys.query';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, ApiKeyView[]> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: ListApiKeysQuery): Promise<ApiKeyView[]> {
    return this.readModel.apiKeys(q.organizationId, q.after, q.limit);
  }
}
