import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type OrganizationView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';
import { GetOrganizationQuery } from './get-organization.query';

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery, OrganizationView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: GetOrganizationQuery): Promise<OrganizationView | null> {
    return this.readModel.organization(q.organizationId);
  }
}
