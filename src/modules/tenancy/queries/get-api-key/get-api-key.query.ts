import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetApiKeyProps {
  readonly organizationId: string;
  readonly keyId: string;
}

export class GetApiKeyQuery extends Query<ApiKeyView | null> {
  constructor(readonly props: GetApiKeyProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
