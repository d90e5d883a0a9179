import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '../../../../domain/tenancy/ports/tenancy-read-model.port';

/** Platform scope: reads across the organizations this user belongs to. */
export class ListMyOrganizationsQuery extends Query<OrganizationView[]> {
  readonly organizationId = null;
  constructor(
    readonly userId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
