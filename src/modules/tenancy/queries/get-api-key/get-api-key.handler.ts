import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetApiKeyQuery } from './get-api-key.query';

@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery, ApiKeyView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetApiKeyQuery): Promise<ApiKeyView | null> {
    return this.readModel.apiKey(q.organizationId, q.keyId);
  }
}
