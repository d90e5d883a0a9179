import type { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import type { OrganizationMemberRepository } from '@domain/tenancy/ports/tenancy-repositories.port';

/** The owners the organization keeps without this member: what changing an owner must leave (1 for anyone else). */
export function otherOwnersThan(members: OrganizationMemberRepository, member: OrganizationMember): Promise<number> {
  return member.role === 'owner' ? members.countOwnersExcept(member.organizationId, member.userId) : Promise.resolve(1);
}
