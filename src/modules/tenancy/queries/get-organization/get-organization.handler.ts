import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { settingsInForce } from '@domain/tenancy/organization-settings';
import { TenancyReadModel, type OrganizationView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetOrganizationQuery } from './get-organization.query';

/** The organization with the settings in force: keys stored before they existed take their default. */
@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery, OrganizationView | null> {
  constructor(private readonly readModel: TenancyReadModel) {}

  async execute({ props: q }: GetOrganizationQuery): Promise<OrganizationView | null> {
    const org = await this.readModel.organization(q.organizationId);
    return org && { ...org, settings: settingsInForce(org.settings) };
  }
}
