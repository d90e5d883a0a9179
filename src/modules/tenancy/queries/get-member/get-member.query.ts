import { OrganizationQuery } from '../../../shared';
import type { MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';

export interface GetMemberProps {
  readonly organizationId: string;
  readonly userId: string;
}

export class GetMemberQuery extends OrganizationQuery<GetMemberProps, MemberView | null> {}
