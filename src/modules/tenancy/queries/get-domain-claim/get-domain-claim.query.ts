import { OrganizationQuery } from '../../../shared';
import type { DomainClaimView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetDomainClaimProps {
  readonly organizationId: string;
}

export class GetDomainClaimQuery extends OrganizationQuery<GetDomainClaimProps, DomainClaimView | null> {}
