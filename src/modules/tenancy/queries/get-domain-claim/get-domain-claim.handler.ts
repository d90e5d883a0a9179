import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type DomainClaimView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetDomainClaimQuery } from './get-domain-claim.query';

@QueryHandler(GetDomainClaimQuery)
export class GetDomainClaimHandler implements IQueryHandler<GetDomainClaimQuery, DomainClaimView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetDomainClaimQuery): Promise<DomainClaimView | null> {
    return this.readModel.domainClaim(q.organizationId);
  }
}
