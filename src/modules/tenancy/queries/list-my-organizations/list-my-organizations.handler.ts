import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenancyReadModel, type OrganizationView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListMyOrganizationsQuery } from './list-my-organizations.query';

@QueryHandler(ListMyOrganizationsQuery)
export class ListMyOrganizationsHandler implements IQueryHandler<ListMyOrganizationsQuery, OrganizationView[]> {
  constructor(private readonly readModel: TenancyReadModel) {}

  execute({ props: q }: ListMyOrganizationsQuery): Promise<OrganizationView[]> {
    return this.readModel.organizationsOfUser(q.userId, q.after, q.limit);
  }
}
