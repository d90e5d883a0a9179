import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class ListApiKeysQuery extends Query<ApiKeyView[]> {
  constructor(
    readonly organizationId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
