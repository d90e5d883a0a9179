import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetOrganizationProps {
  readonly organizationId: string;
}

export class GetOrganizationQuery extends Query<OrganizationView | null> {
  constructor(readonly props: GetOrganizationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
