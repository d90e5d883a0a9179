import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

export class GetOrganizationQuery extends Query<OrganizationView | null> {
  constructor(
    readonly organizationId: string,
  ) {
    super();
  }
}
