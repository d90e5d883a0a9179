import type { ApiKey } from '../api-key.aggregate';
import type { DomainClaim } from '../domain-claim.aggregate';
import type { Invitation } from '../invitation.aggregate';
import type { OrganizationMember } from '../organization-member.aggregate';
import type { Organization } from '../organization.aggregate';
import type { UserProfile } from '../user-profile.aggregate';
import type { WorkspaceMember } from '../workspace-member.aggregate';
import type { Workspace } from '../workspace.aggregate';

export abstract class OrganizationRepository {
  /** Not deleted. */
  abstract findById(organizationId: string): Promise<Organization | null>;
  abstract save(organization: Organization): Promise<void>;
}

/** A claim to re-check: what was verified, and against which value. */
export interface VerifiedDomainClaim {
  organizationId: string;
  domain: string;
  token: string;
}

export abstract class DomainClaimRepository {
  abstract find(organizationId: string): Promise<DomainClaim | null>;
  /** Inserts, updates, or deletes a released claim. At most one live organization holds a domain verified. */
  abstract save(claim: DomainClaim): Promise<void>;
  /** Serialises claims and verifications of one domain until the transaction ends. */
  abstract lockDomain(domain: string): Promise<void>;
  /** Whether another live organization holds the domain verified (answered past row-level security). */
  abstract isVerifiedElsewhere(domain: string, organizationId: string | null): Promise<boolean>;
  /** Platform scope: the live organization holding this domain verified. */
  abstract verifiedOwnerOf(domain: string): Promise<string | null>;
  /** Platform scope: verified claims of live organizations, least recently checked first. */
  abstract verifiedClaims(limit: number): Promise<VerifiedDomainClaim[]>;
}

export abstract class InvitationRepository {
  abstract findById(organizationId: string, invitationId: string): Promise<Invitation | null>;
  /** The organization's invitation to this address still stored as pending (it may have expired). */
  abstract findPendingByEmail(organizationId: string, email: string): Promise<Invitation | null>;
  /** Platform scope: invitations to this address, pending and not expired, of live organizations; locked. */
  abstract findOpenForEmail(email: string, now: Date): Promise<Invitation[]>;
  abstract save(invitation: Invitation): Promise<void>;
}

export abstract class OrganizationMemberRepository {
  abstract find(organizationId: string, userId: string): Promise<OrganizationMember | null>;
  /** Locks the owner rows, so two concurrent demotions cannot leave no owner. */
  abstract countOwnersExcept(organizationId: string, userId: string): Promise<number>;
  abstract save(member: OrganizationMember): Promise<void>;
}

export abstract class WorkspaceRepository {
  /** Not deleted. */
  abstract findById(organizationId: string, workspaceId: string): Promise<Workspace | null>;
  abstract save(workspace: Workspace): Promise<void>;
}

export abstract class WorkspaceMemberRepository {
  abstract find(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMember | null>;
  abstract save(member: WorkspaceMember): Promise<void>;
}

export abstract class ApiKeyRepository {
  abstract findById(organizationId: string, keyId: string): Promise<ApiKey | null>;
  abstract save(key: ApiKey): Promise<void>;
}

export abstract class UserProfileRepository {
  abstract findById(userId: string): Promise<UserProfile | null>;
  /** A user whose address the identity provider verified. */
  abstract findIdByVerifiedEmail(email: string): Promise<string | null>;
  /** Inserts the profile, or refreshes email (and whether it is verified), name, avatar and phone from newer claims. */
  abstract upsert(profile: UserProfile): Promise<void>;
}
