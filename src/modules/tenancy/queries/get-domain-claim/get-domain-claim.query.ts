import { Query } from '@nestjs/cqrs';
import type { DomainClaimView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetDomainClaimProps {
  readonly organizationId: string;
}

export class GetDomainClaimQuery extends Query<DomainClaimView | null> {
  constructor(readonly props: GetDomainClaimProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
