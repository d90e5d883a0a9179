import { Injectable } from '@nestjs/common';
import { and, count, eq, sql } from 'drizzle-orm';
import { OrganizationMemberRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import type { OrganizationRole } from '@domain/tenancy/roles';
import { MemberPersonalDataEraser, type MemberForErasure } from '@domain/tenancy/ports/member-personal-data-eraser.port';
import { organizationInvitations, organizationMembers, profiles, workspaceMembers } from './tenancy.schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleMemberPersonalDataEraser extends MemberPersonalDataEraser {
  constructor(
    private readonly tx: TransactionContext,
    private readonly members: OrganizationMemberRepository,
  ) {
    super();
  }

  async memberForErasure(organizationId: string, userId: string): Promise<MemberForErasure | null> {
    const [member] = await this.tx.db
      .select({ role: organizationMembers.role, email: profiles.email, fullName: profiles.fullName })
      .from(organizationMembers)
      .innerJoin(profiles, eq(profiles.id, organizationMembers.userId))
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)));
    if (!member) return null;
    const workspaces = await this.tx.db
      .select({ workspaceId: workspaceMembers.workspaceId })
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.organizationId, organizationId), eq(workspaceMembers.userId, userId)));
    return {
      email: member.email,
      fullName: member.fullName,
      role: member.role as OrganizationRole,
      otherOwners: await this.members.countOwnersExcept(organizationId, userId),
      workspaceIds: workspaces.map((w) => w.workspaceId).sort(),
    };
  }

  async deleteInvitationsTo(organizationId: string, email: string): Promise<string[]> {
    const deleted = await this.tx.db
      .delete(organizationInvitations)
      .where(and(eq(organizationInvitations.organizationId, organizationId), eq(organizationInvitations.email, email.toLowerCase())))
      .returning({ id: organizationInvitations.id });
    return deleted.map((d) => d.id).sort();
  }

  async forgetProfileIfUnaffiliated(userId: string): Promise<'forgotten' | 'kept' | 'none'> {
    const [memberships] = await this.tx.db.select({ n: count() }).from(organizationMembers).where(eq(organizationMembers.userId, userId));
    if (Number(memberships?.n ?? 0) > 0) return 'kept';
    const forgotten = await this.tx.db
      .update(profiles)
      .set({ email: null, emailVerified: false, fullName: null, avatarUrl: null, phone: null, updatedAt: sql`now()` })
      .where(eq(profiles.id, userId))
      .returning({ id: profiles.id });
    return forgotten.length > 0 ? 'forgotten' : 'none';
  }
}
