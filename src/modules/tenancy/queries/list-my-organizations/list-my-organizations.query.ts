import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface ListMyOrganizationsProps {
  readonly userId: string;
  readonly after: string | null;
  readonly limit: number;
}

/** Platform scope: reads across the organizations this user belongs to. */
export class ListMyOrganizationsQuery extends Query<OrganizationView[]> {
  readonly organizationId = null;
  constructor(readonly props: ListMyOrganizationsProps) {
    super();
  }
}
