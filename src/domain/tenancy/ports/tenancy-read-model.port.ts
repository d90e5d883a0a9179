import type { DomainClaimStatus } from '../domain-claim.aggregate';
import type { ApiKeyState } from '../api-key.aggregate';
import type { InvitationState } from '../invitation.aggregate';
import type { OrganizationSettingsData } from '../organization-settings';
import type { OrganizationRole, WorkspaceRole } from '../roles';

export interface MembershipView {
  organizationId: string;
  organizationName: string;
  role: OrganizationRole;
}
export interface MeView {
  id: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
  memberships: MembershipView[];
}
export interface OrganizationView {
  id: string;
  name: string;
  /** The claimed email domain, verified or not (see DomainClaimView). */
  domain: string | null;
  domainVerified: boolean;
  settings: OrganizationSettingsData;
  createdAt: Date;
  updatedAt: Date;
}
export interface DomainClaimView {
  domain: string;
  status: DomainClaimStatus;
  verification: { type: 'TXT'; name: string; value: string };
  claimedAt: Date;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
}
/** An invitation without its organization; a pending one past its expiry shows as expired. */
export type InvitationView = Omit<InvitationState, 'organizationId'>;
/** A member of an organization or of a workspace, as lists show them. */
interface MemberViewOf<Role> {
  userId: string;
  email: string | null;
  fullName: string | null;
  role: Role;
  createdAt: Date;
}
export type MemberView = MemberViewOf<OrganizationRole>;
/** An API key without its hash. */
export type ApiKeyView = Omit<ApiKeyState, 'organizationId' | 'keyHash' | 'scopes'> & { scopes: string[] };
export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}
export type WorkspaceMemberView = MemberViewOf<WorkspaceRole>;

/** Response-shaped reads, straight from SQL. Lists take `after` (the last id seen) and return up to `limit` rows. */
export abstract class TenancyReadModel {
  abstract me(userId: string): Promise<MeView | null>;
  /** Platform scope: the organizations a user belongs to. */
  abstract organizationsOfUser(userId: string, after: string | null, limit: number): Promise<OrganizationView[]>;
  abstract organization(organizationId: string): Promise<OrganizationView | null>;
  abstract domainClaim(organizationId: string): Promise<DomainClaimView | null>;
  abstract invitations(organizationId: string, after: string | null, limit: number, now: Date): Promise<InvitationView[]>;
  abstract invitation(organizationId: string, invitationId: string, now: Date): Promise<InvitationView | null>;
  abstract members(organizationId: string, after: string | null, limit: number): Promise<MemberView[]>;
  abstract member(organizationId: string, userId: string): Promise<MemberView | null>;
  abstract apiKeys(organizationId: string, after: string | null, limit: number): Promise<ApiKeyView[]>;
  abstract apiKey(organizationId: string, keyId: string): Promise<ApiKeyView | null>;
  /** `only`: the workspaces the caller may see; null for all of them. */
  abstract workspaces(
    organizationId: string,
    after: string | null,
    limit: number,
    only: readonly string[] | null,
  ): Promise<WorkspaceView[]>;
  abstract workspace(organizationId: string, workspaceId: string): Promise<WorkspaceView | null>;
  abstract workspaceMembers(
    organizationId: string,
    workspaceId: string,
    after: string | null,
    limit: number,
  ): Promise<WorkspaceMemberView[]>;
  abstract workspaceMember(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMemberView | null>;
}
