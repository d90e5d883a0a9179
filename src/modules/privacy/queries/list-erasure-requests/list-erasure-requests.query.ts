import { Query } from '@nestjs/cqrs';
import type { ErasureRequestView } from '@domain/privacy/ports/privacy-read-model.port';

export interface ListErasureRequestsProps {
  readonly organizationId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListErasureRequestsQuery extends Query<ErasureRequestView[]> {
  constructor(readonly props: ListErasureRequestsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
