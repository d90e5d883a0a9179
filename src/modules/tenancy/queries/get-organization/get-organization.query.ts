import { OrganizationQuery } from '../../../shared';
import type { OrganizationView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetOrganizationProps {
  readonly organizationId: string;
}

export class GetOrganizationQuery extends OrganizationQuery<GetOrganizationProps, OrganizationView | null> {}
