import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListApiKeysProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListApiKeysQuery extends Query<ApiKeyView[]> {
  constructor(readonly props: ListApiKeysProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
