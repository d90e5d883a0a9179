import type { ApiKey } from '../api-key.aggregate';
import type { OrganizationMember } from '../organization-member.aggregate';
import type { Organization } from '../organization.aggregate';
import type { UserProfile } from '../user-profile.aggregate';
import type { WorkspaceMember } from '../workspace-member.aggregate';
import type { Workspace } from '../workspace.aggregate';

export abstract class OrganizationRepository {
  /** Not deleted. */
  abstract findById(organizationId: string): Promise<Organization | null>;
  /** Platform scope: the live organization that verified this email domain. */
  abstract findIdByDomain(domain: string): Promise<string | null>;
  abstract isDomainTaken(domain: string, exceptOrganizationId: string | null): Promise<boolean>;
  abstract save(organization: Organization): Promise<void>;
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
  abstract findIdByEmail(email: string): Promise<string | null>;
  /** Inserts the profile, or refreshes email, name, avatar and phone from newer claims. */
  abstract upsert(profile: UserProfile): Promise<void>;
}
