import { DomainEvent } from '../../shared/domain-event';

export class OrganizationCreated extends DomainEvent<{ name: string }> {
  static readonly type = 'organization.created';
}
export class OrganizationUpdated extends DomainEvent {
  static readonly type = 'organization.updated';
}
export class OrganizationDeleted extends DomainEvent {
  static readonly type = 'organization.deleted';
}
/** Someone took the organization's data out (`GET /export`); committed before the first byte is sent. */
export class OrganizationExported extends DomainEvent<{
  exportedBy: string | null;
  exportedByType: string;
  exportedAt: string;
  linkTtlSeconds: number;
}> {
  static readonly type = 'organization.exported';
}

export class MemberAdded extends DomainEvent<{ userId: string; role: string }> {
  static readonly type = 'member.added';
}
export class MemberRoleChanged extends DomainEvent<{ userId: string; role: string }> {
  static readonly type = 'member.role_changed';
}
export class MemberRemoved extends DomainEvent<{ userId: string }> {
  static readonly type = 'member.removed';
}

export class WorkspaceCreated extends DomainEvent<{ name: string }> {
  static readonly type = 'workspace.created';
}
export class WorkspaceUpdated extends DomainEvent {
  static readonly type = 'workspace.updated';
}
export class WorkspaceDeleted extends DomainEvent {
  static readonly type = 'workspace.deleted';
}
export class WorkspaceMemberSet extends DomainEvent<{ workspaceId: string; userId: string; role: string }> {
  static readonly type = 'workspace_member.set';
}
export class WorkspaceMemberRemoved extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'workspace_member.removed';
}

export class ApiKeyCreated extends DomainEvent<{ name: string; scopes: string[] }> {
  static readonly type = 'api_key.created';
}
export class ApiKeyRevoked extends DomainEvent {
  static readonly type = 'api_key.revoked';
}

/** Email-domain claims: one per organization, on the organization's trail. */
export class DomainClaimed extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_claimed';
}
export class DomainVerified extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_verified';
}
/** The periodic re-check found the TXT record gone: the domain captures nobody until verified again. */
export class DomainUnverified extends DomainEvent<{ domain: string; reason: string }> {
  static readonly type = 'organization.domain_unverified';
}
export class DomainReleased extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_released';
}

export class InvitationCreated extends DomainEvent<{ email: string; role: string }> {
  static readonly type = 'invitation.created';
}
export class InvitationAccepted extends DomainEvent<{ email: string; role: string; userId: string }> {
  static readonly type = 'invitation.accepted';
}
export class InvitationRevoked extends DomainEvent<{ email: string }> {
  static readonly type = 'invitation.revoked';
}
export class InvitationExpired extends DomainEvent<{ email: string }> {
  static readonly type = 'invitation.expired';
}
