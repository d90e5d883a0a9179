import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetApiKeyQuery extends Query<ApiKeyView | null> {
  constructor(
    readonly organizationId: string,
    readonly keyId: string,
  ) {
    super();
  }
}
