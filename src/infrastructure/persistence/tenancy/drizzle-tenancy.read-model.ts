import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { recordNameFor, recordValueFor, type DomainClaimStatus } from '@domain/tenancy/domain-claim.aggregate';
import { statusAt, type InvitationStatus } from '@domain/tenancy/invitation.aggregate';
import type { OrganizationRole, WorkspaceRole } from '@domain/tenancy/roles';
import {
  TenancyReadModel,
  type ApiKeyView,
  type DomainClaimView,
  type InvitationView,
  type MeView,
  type MemberView,
  type OrganizationView,
  type WorkspaceMemberView,
  type WorkspaceView,
} from '@domain/tenancy/ports/tenancy-read-model.port';
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
import { TransactionContext } from '../transaction-context';

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  domain: organizationDomains.domain,
  domainVerified: sql<boolean>`coalesce(${organizationDomains.status} = 'verified', false)`,
  settings: organizations.settings,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
};

type MemberRow = Omit<MemberView, 'role'> & { role: string };
const asMember = (r: MemberRow): MemberView => ({ ...r, role: r.role as OrganizationRole });
type WorkspaceMemberRow = Omit<WorkspaceMemberView, 'role'> & { role: string };
const asWorkspaceMember = (r: WorkspaceMemberRow): WorkspaceMemberView => ({ ...r, role: r.role as WorkspaceRole });

@Injectable()
export class DrizzleTenancyReadModel extends TenancyReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async me(userId: string): Promise<MeView | null> {
    const [profile] = await this.tx.db.select().from(profiles).where(eq(profiles.id, userId));
    if (!profile) return null;
    const memberships = await this.tx.db
      .select({ organizationId: organizations.id, organizationName: organizations.name, role: organizationMembers.role })
      .from(organizationMembers)
      .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
      .where(and(eq(organizationMembers.userId, userId), isNull(organizations.deletedAt)))
      .orderBy(asc(organizations.id));
    return {
      id: profile.id,
      email: profile.email,
      fullName: profile.fullName,
      avatarUrl: profile.avatarUrl,
      phone: profile.phone,
      memberships: memberships.map((m) => ({ ...m, role: m.role as OrganizationRole })),
    };
  }

  organizationsOfUser(userId: string, after: string | null, limit: number): Promise<OrganizationView[]> {
    return this.tx.db
      .select(organizationColumns)
      .from(organizationMembers)
      .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
      .leftJoin(organizationDomains, eq(organizationDomains.organizationId, organizations.id))
      .where(and(eq(organizationMembers.userId, userId), isNull(organizations.deletedAt), after ? gt(organizations.id, after) : undefined))
      .orderBy(asc(organizations.id))
      .limit(limit);
  }

  async organization(organizationId: string): Promise<OrganizationView | null> {
    const [row] = await this.tx.db
      .select(organizationColumns)
      .from(organizations)
      .leftJoin(organizationDomains, eq(organizationDomains.organizationId, organizations.id))
      .where(and(eq(organizations.id, organizationId), isNull(organizations.deletedAt)));
    return row ?? null;
  }

  async domainClaim(organizationId: string): Promise<DomainClaimView | null> {
    const [row] = await this.tx.db.select().from(organizationDomains).where(eq(organizationDomains.organizationId, organizationId));
    if (!row) return null;
    return {
      domain: row.domain,
      status: row.status as DomainClaimStatus,
      verification: { type: 'TXT', name: recordNameFor(row.domain), value: recordValueFor(row.token) },
      claimedAt: row.claimedAt,
      verifiedAt: row.verifiedAt,
      lastCheckedAt: row.lastCheckedAt,
    };
  }

  private invitationQuery(organizationId: string, extra: SQL | undefined, limit: number) {
    return this.tx.db
      .select({
        id: organizationInvitations.id,
        email: organizationInvitations.email,
        role: organizationInvitations.role,
        status: organizationInvitations.status,
        invitedBy: organizationInvitations.invitedBy,
        createdAt: organizationInvitations.createdAt,
        expiresAt: organizationInvitations.expiresAt,
        acceptedAt: organizationInvitations.acceptedAt,
        acceptedBy: organizationInvitations.acceptedBy,
        revokedAt: organizationInvitations.revokedAt,
      })
      .from(organizationInvitations)
      .where(and(eq(organizationInvitations.organizationId, organizationId), extra))
      .orderBy(asc(organizationInvitations.id))
      .limit(limit);
  }

  async invitations(organizationId: string, after: string | null, limit: number, now: Date): Promise<InvitationView[]> {
    const rows = await this.invitationQuery(organizationId, after ? gt(organizationInvitations.id, after) : undefined, limit);
    return rows.map((r) => invitationView(r, now));
  }

  async invitation(organizationId: string, invitationId: string, now: Date): Promise<InvitationView | null> {
    const [row] = await this.invitationQuery(organizationId, eq(organizationInvitations.id, invitationId), 1);
    return row ? invitationView(row, now) : null;
  }

  private memberQuery(organizationId: string, extra: SQL | undefined, limit: number) {
    return this.tx.db
      .select({
        userId: organizationMembers.userId,
        email: profiles.email,
        fullName: profiles.fullName,
        role: organizationMembers.role,
        createdAt: organizationMembers.createdAt,
      })
      .from(organizationMembers)
      .innerJoin(profiles, eq(profiles.id, organizationMembers.userId))
      .where(and(eq(organizationMembers.organizationId, organizationId), extra))
      .orderBy(asc(organizationMembers.userId))
      .limit(limit);
  }

  async members(organizationId: string, after: string | null, limit: number): Promise<MemberView[]> {
    const rows = await this.memberQuery(organizationId, after ? gt(organizationMembers.userId, after) : undefined, limit);
    return rows.map(asMember);
  }

  async member(organizationId: string, userId: string): Promise<MemberView | null> {
    const [row] = await this.memberQuery(organizationId, eq(organizationMembers.userId, userId), 1);
    return row ? asMember(row) : null;
  }

  private keyQuery(organizationId: string, extra: SQL | undefined, limit: number) {
    return this.tx.db
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        scopes: apiKeys.scopes,
        createdBy: apiKeys.createdBy,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
        createdAt: apiKeys.createdAt,
      })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), extra))
      .orderBy(asc(apiKeys.id))
      .limit(limit);
  }

  apiKeys(organizationId: string, after: string | null, limit: number): Promise<ApiKeyView[]> {
    return this.keyQuery(organizationId, after ? gt(apiKeys.id, after) : undefined, limit);
  }

  async apiKey(organizationId: string, keyId: string): Promise<ApiKeyView | null> {
    const [row] = await this.keyQuery(organizationId, eq(apiKeys.id, keyId), 1);
    return row ?? null;
  }

  private workspaceQuery(organizationId: string, extra: SQL | undefined, limit: number) {
    return this.tx.db
      .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt, updatedAt: workspaces.updatedAt })
      .from(workspaces)
      .where(and(eq(workspaces.organizationId, organizationId), isNull(workspaces.deletedAt), extra))
      .orderBy(asc(workspaces.id))
      .limit(limit);
  }

  async workspaces(organizationId: string, after: string | null, limit: number, only: readonly string[] | null): Promise<WorkspaceView[]> {
    if (only?.length === 0) return [];
    return this.workspaceQuery(
      organizationId,
      and(after ? gt(workspaces.id, after) : undefined, only ? inArray(workspaces.id, [...only]) : undefined),
      limit,
    );
  }

  async workspace(organizationId: string, workspaceId: string): Promise<WorkspaceView | null> {
    const [row] = await this.workspaceQuery(organizationId, eq(workspaces.id, workspaceId), 1);
    return row ?? null;
  }

  private workspaceMemberQuery(organizationId: string, workspaceId: string, extra: SQL | undefined, limit: number) {
    return this.tx.db
      .select({
        userId: workspaceMembers.userId,
        email: profiles.email,
        fullName: profiles.fullName,
        role: workspaceMembers.role,
        createdAt: workspaceMembers.createdAt,
      })
      .from(workspaceMembers)
      .innerJoin(profiles, eq(profiles.id, workspaceMembers.userId))
      .where(and(eq(workspaceMembers.organizationId, organizationId), eq(workspaceMembers.workspaceId, workspaceId), extra))
      .orderBy(asc(workspaceMembers.userId))
      .limit(limit);
  }

  async workspaceMembers(organizationId: string, workspaceId: string, after: string | null, limit: number): Promise<WorkspaceMemberView[]> {
    const rows = await this.workspaceMemberQuery(
      organizationId,
      workspaceId,
      after ? gt(workspaceMembers.userId, after) : undefined,
      limit,
    );
    return rows.map(asWorkspaceMember);
  }

  async workspaceMember(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMemberView | null> {
    const [row] = await this.workspaceMemberQuery(organizationId, workspaceId, eq(workspaceMembers.userId, userId), 1);
    return row ? asWorkspaceMember(row) : null;
  }
}

function invitationView(row: Omit<InvitationView, 'role' | 'status'> & { role: string; status: string }, now: Date): InvitationView {
  return {
    ...row,
    role: row.role as OrganizationRole,
    status: statusAt({ status: row.status as InvitationStatus, expiresAt: row.expiresAt }, now),
  };
}
