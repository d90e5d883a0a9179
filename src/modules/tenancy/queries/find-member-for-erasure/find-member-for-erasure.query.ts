import { OrganizationQuery } from '../../../shared';
import type { MemberForErasure } from '@domain/tenancy/ports/member-personal-data-eraser.port';

export interface FindMemberForErasureProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a member: who they are here (email, name, role, workspaces); null when not a member. */
export class FindMemberForErasureQuery extends OrganizationQuery<FindMemberForErasureProps, MemberForErasure | null> {}
