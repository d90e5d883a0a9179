import { Query } from '@nestjs/cqrs';
import type { DomainClaimView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetDomainClaimQuery extends Query<DomainClaimView | null> {
  constructor(readonly organizationId: string) {
    super();
  }
}
