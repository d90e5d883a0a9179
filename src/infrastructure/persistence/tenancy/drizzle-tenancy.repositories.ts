import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { ApiKey } from '@domain/tenancy/api-key.aggregate';
import { DomainClaim, type DomainClaimStatus } from '@domain/tenancy/domain-claim.aggregate';
import { Invitation, type InvitationStatus } from '@domain/tenancy/invitation.aggregate';
import { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import { Organization } from '@domain/tenancy/organization.aggregate';
import {
  ApiKeyRepository,
  DomainClaimRepository,
  InvitationRepository,
  OrganizationMemberRepository,
  OrganizationRepository,
  UserProfileRepository,
  WorkspaceMemberRepository,
  WorkspaceRepository,
  type VerifiedDomainClaim,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import type { OrganizationRole, Permission, WorkspaceRole } from '@domain/tenancy/roles';
import { UserProfile } from '@domain/tenancy/user-profile.aggregate';
import { WorkspaceMember } from '@domain/tenancy/workspace-member.aggregate';
import { Workspace } from '@domain/tenancy/workspace.aggregate';
import {
  apiKeys,
  organizationDomains,
  organizationInvitations,
  organizationMembers,
  organizations,
  profiles,
  workspaceMembers,
  workspaces,
} from './tenancy.schema';
import { rowsOf } from '../database';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleOrganizationRepository extends OrganizationRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findById(organizationId: string): Promise<Organization | null> {
    const [row] = await this.tx.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.id, organizationId), isNull(organizations.deletedAt)));
    return row ? Organization.restore(row) : null;
  }

  async save(organization: Organization): Promise<void> {
    const s = organization.snapshot();
    await this.tx.db
      .insert(organizations)
      .values({ id: s.id, name: s.name, settings: s.settings, createdAt: s.createdAt, deletedAt: s.deletedAt })
      .onConflictDoUpdate({
        target: organizations.id,
        set: { name: s.name, settings: s.settings, deletedAt: s.deletedAt, updatedAt: new Date() },
      });
    this.uow.collect(organization);
  }
}

@Injectable()
export class DrizzleDomainClaimRepository extends DomainClaimRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async find(organizationId: string): Promise<DomainClaim | null> {
    const [row] = await this.tx.db.select().from(organizationDomains).where(eq(organizationDomains.organizationId, organizationId));
    return row ? DomainClaim.restore({ ...row, status: row.status as DomainClaimStatus }) : null;
  }

  async save(claim: DomainClaim): Promise<void> {
    const s = claim.snapshot();
    if (claim.isReleased) {
      await this.tx.db.delete(organizationDomains).where(eq(organizationDomains.organizationId, s.organizationId));
    } else {
      await this.tx.db
        .insert(organizationDomains)
        .values({ ...s })
        .onConflictDoUpdate({
          target: organizationDomains.organizationId,
          set: {
            domain: s.domain,
            token: s.token,
            status: s.status,
            claimedAt: s.claimedAt,
            verifiedAt: s.verifiedAt,
            lastCheckedAt: s.lastCheckedAt,
            updatedAt: new Date(),
          },
        });
    }
    this.uow.collect(claim);
  }

  async lockDomain(domain: string): Promise<void> {
    await this.tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${domain}, 7263))`);
  }

  async isVerifiedElsewhere(domain: string, organizationId: string | null): Promise<boolean> {
    // One organization at most holds a domain verified; this function may look past row-level security.
    const result = await this.tx.db.execute(sql`select organization_domain_taken(${domain}, ${organizationId}::uuid) as taken`);
    return rowsOf<{ taken: boolean }>(result)[0]?.taken === true;
  }

  async verifiedOwnerOf(domain: string): Promise<string | null> {
    const [row] = await this.tx.db
      .select({ id: organizationDomains.organizationId })
      .from(organizationDomains)
      .innerJoin(organizations, eq(organizations.id, organizationDomains.organizationId))
      .where(and(eq(organizationDomains.domain, domain), eq(organizationDomains.status, 'verified'), isNull(organizations.deletedAt)));
    return row?.id ?? null;
  }

  verifiedClaims(limit: number): Promise<VerifiedDomainClaim[]> {
    return this.tx.db
      .select({ organizationId: organizationDomains.organizationId, domain: organizationDomains.domain, token: organizationDomains.token })
      .from(organizationDomains)
      .innerJoin(organizations, eq(organizations.id, organizationDomains.organizationId))
      .where(and(eq(organizationDomains.status, 'verified'), isNull(organizations.deletedAt)))
      .orderBy(sql`${organizationDomains.lastCheckedAt} asc nulls first`, asc(organizationDomains.organizationId))
      .limit(limit);
  }
}

@Injectable()
export class DrizzleInvitationRepository extends InvitationRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  private restore(row: typeof organizationInvitations.$inferSelect): Invitation {
    const { updatedAt: _updatedAt, ...state } = row;
    return Invitation.restore({ ...state, role: row.role as OrganizationRole, status: row.status as InvitationStatus });
  }

  async findById(organizationId: string, invitationId: string): Promise<Invitation | null> {
    const [row] = await this.tx.db
      .select()
      .from(organizationInvitations)
      .where(and(eq(organizationInvitations.organizationId, organizationId), eq(organizationInvitations.id, invitationId)));
    return row ? this.restore(row) : null;
  }

  async findPendingByEmail(organizationId: string, email: string): Promise<Invitation | null> {
    const [row] = await this.tx.db
      .select()
      .from(organizationInvitations)
      .where(
        and(
          eq(organizationInvitations.organizationId, organizationId),
          eq(organizationInvitations.email, email.toLowerCase()),
          eq(organizationInvitations.status, 'pending'),
        ),
      )
      .for('update');
    return row ? this.restore(row) : null;
  }

  async findOpenForEmail(email: string, now: Date): Promise<Invitation[]> {
    const rows = await this.tx.db
      .select({ invitation: organizationInvitations })
      .from(organizationInvitations)
      .innerJoin(organizations, eq(organizations.id, organizationInvitations.organizationId))
      .where(
        and(
          eq(organizationInvitations.email, email.toLowerCase()),
          eq(organizationInvitations.status, 'pending'),
          gt(organizationInvitations.expiresAt, now),
          isNull(organizations.deletedAt),
        ),
      )
      .orderBy(asc(organizationInvitations.id))
      .for('update', { of: organizationInvitations });
    return rows.map((r) => this.restore(r.invitation));
  }

  async save(invitation: Invitation): Promise<void> {
    const s = invitation.snapshot();
    await this.tx.db
      .insert(organizationInvitations)
      .values({ ...s })
      .onConflictDoUpdate({
        target: organizationInvitations.id,
        set: { status: s.status, acceptedAt: s.acceptedAt, acceptedBy: s.acceptedBy, revokedAt: s.revokedAt, updatedAt: new Date() },
      });
    this.uow.collect(invitation);
  }
}

@Injectable()
export class DrizzleOrganizationMemberRepository extends OrganizationMemberRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async find(organizationId: string, userId: string): Promise<OrganizationMember | null> {
    const [row] = await this.tx.db
      .select()
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)));
    return row ? OrganizationMember.restore({ ...row, role: row.role as OrganizationRole }) : null;
  }

  async countOwnersExcept(organizationId: string, userId: string): Promise<number> {
    const rows = await this.tx.db
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .where(
        and(
          eq(organizationMembers.organizationId, organizationId),
          eq(organizationMembers.role, 'owner'),
          ne(organizationMembers.userId, userId),
        ),
      )
      .for('update');
    return rows.length;
  }

  async save(member: OrganizationMember): Promise<void> {
    const s = member.snapshot();
    const key = and(eq(organizationMembers.organizationId, s.organizationId), eq(organizationMembers.userId, s.userId));
    if (member.isRemoved) {
      await this.tx.db.delete(organizationMembers).where(key);
    } else {
      await this.tx.db
        .insert(organizationMembers)
        .values({ organizationId: s.organizationId, userId: s.userId, role: s.role, createdAt: s.createdAt })
        .onConflictDoUpdate({
          target: [organizationMembers.organizationId, organizationMembers.userId],
          set: { role: s.role, updatedAt: new Date() },
        });
    }
    this.uow.collect(member);
  }
}

@Injectable()
export class DrizzleWorkspaceRepository extends WorkspaceRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findById(organizationId: string, workspaceId: string): Promise<Workspace | null> {
    const [row] = await this.tx.db
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.organizationId, organizationId), eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)));
    return row ? Workspace.restore(row) : null;
  }

  async save(workspace: Workspace): Promise<void> {
    const s = workspace.snapshot();
    await this.tx.db
      .insert(workspaces)
      .values({ id: s.id, organizationId: s.organizationId, name: s.name, createdAt: s.createdAt, deletedAt: s.deletedAt })
      .onConflictDoUpdate({ target: workspaces.id, set: { name: s.name, deletedAt: s.deletedAt, updatedAt: new Date() } });
    this.uow.collect(workspace);
  }
}

@Injectable()
export class DrizzleWorkspaceMemberRepository extends WorkspaceMemberRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async find(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMember | null> {
    const [row] = await this.tx.db
      .select()
      .from(workspaceMembers)
      .where(
        and(
          eq(workspaceMembers.organizationId, organizationId),
          eq(workspaceMembers.workspaceId, workspaceId),
          eq(workspaceMembers.userId, userId),
        ),
      );
    return row ? WorkspaceMember.restore({ ...row, role: row.role as WorkspaceRole }) : null;
  }

  async save(member: WorkspaceMember): Promise<void> {
    const s = member.snapshot();
    const key = and(
      eq(workspaceMembers.organizationId, s.organizationId),
      eq(workspaceMembers.workspaceId, s.workspaceId),
      eq(workspaceMembers.userId, s.userId),
    );
    if (member.isRemoved) {
      await this.tx.db.delete(workspaceMembers).where(key);
    } else {
      await this.tx.db
        .insert(workspaceMembers)
        .values(s)
        .onConflictDoUpdate({
          target: [workspaceMembers.organizationId, workspaceMembers.workspaceId, workspaceMembers.userId],
          set: { role: s.role, updatedAt: new Date() },
        });
    }
    this.uow.collect(member);
  }
}

@Injectable()
export class DrizzleApiKeyRepository extends ApiKeyRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findById(organizationId: string, keyId: string): Promise<ApiKey | null> {
    const [row] = await this.tx.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, keyId)));
    return row ? ApiKey.restore({ ...row, scopes: row.scopes as Permission[] }) : null;
  }

  async save(key: ApiKey): Promise<void> {
    const s = key.snapshot();
    await this.tx.db
      .insert(apiKeys)
      .values({ ...s })
      .onConflictDoUpdate({ target: apiKeys.id, set: { revokedAt: s.revokedAt, name: s.name, updatedAt: new Date() } });
    this.uow.collect(key);
  }
}

@Injectable()
export class DrizzleUserProfileRepository extends UserProfileRepository {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async findById(userId: string): Promise<UserProfile | null> {
    const [row] = await this.tx.db.select().from(profiles).where(eq(profiles.id, userId));
    return row ? UserProfile.restore(row) : null;
  }

  async findIdByVerifiedEmail(email: string): Promise<string | null> {
    const [row] = await this.tx.db
      .select({ id: profiles.id })
      .from(profiles)
      .where(and(sql`lower(${profiles.email}) = ${email.toLowerCase()}`, eq(profiles.emailVerified, true)))
      .orderBy(asc(profiles.createdAt))
      .limit(1);
    return row?.id ?? null;
  }

  async upsert(profile: UserProfile): Promise<void> {
    const s = profile.snapshot();
    await this.tx.db
      .insert(profiles)
      .values(s)
      .onConflictDoUpdate({
        target: profiles.id,
        set: {
          email: sql`coalesce(excluded.email, ${profiles.email})`,
          // Whether the address is verified follows the token that brought it; a token without an address changes neither.
          emailVerified: sql`case when excluded.email is null then ${profiles.emailVerified} else excluded.email_verified end`,
          fullName: sql`coalesce(excluded.full_name, ${profiles.fullName})`,
          avatarUrl: sql`coalesce(excluded.avatar_url, ${profiles.avatarUrl})`,
          phone: sql`coalesce(excluded.phone, ${profiles.phone})`,
          updatedAt: new Date(),
        },
      });
  }
}
