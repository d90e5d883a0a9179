import { DomainEvent } from '../../shared/domain-event';

export class OrganizationCreated extends DomainEvent<{ name: string }> {
  static readonly type = 'organization.created';
  readonly resourceType = 'organization';
}
export class OrganizationUpdated extends DomainEvent {
  static readonly type = 'organization.updated';
  readonly resourceType = 'organization';
}
export class OrganizationDeleted extends DomainEvent {
  static readonly type = 'organization.deleted';
  readonly resourceType = 'organization';
}
/** Someone took the organization's data out (`GET /export`); committed before the first byte is sent. */
export class OrganizationExported extends DomainEvent<{
  exportedBy: string | null;
  exportedByType: string;
  exportedAt: string;
  linkTtlSeconds: number;
}> {
  static readonly type = 'organization.exported';
  readonly resourceType = 'organization';
}

export class MemberAdded extends DomainEvent<{ userId: string; role: string }> {
  static readonly type = 'member.added';
  readonly resourceType = 'member';
}
export class MemberRoleChanged extends DomainEvent<{ userId: string; role: string }> {
  static readonly type = 'member.role_changed';
  readonly resourceType = 'member';
}
export class MemberRemoved extends DomainEvent<{ userId: string }> {
  static readonly type = 'member.removed';
  readonly resourceType = 'member';
}

export class WorkspaceCreated extends DomainEvent<{ name: string }> {
  static readonly type = 'workspace.created';
  readonly resourceType = 'workspace';
}
export class WorkspaceUpdated extends DomainEvent {
  static readonly type = 'workspace.updated';
  readonly resourceType = 'workspace';
}
export class WorkspaceDeleted extends DomainEvent {
  static readonly type = 'workspace.deleted';
  readonly resourceType = 'workspace';
}
export class WorkspaceMemberSet extends DomainEvent<{ workspaceId: string; userId: string; role: string }> {
  static readonly type = 'workspace_member.set';
  readonly resourceType = 'workspace_member';
}
export class WorkspaceMemberRemoved extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'workspace_member.removed';
  readonly resourceType = 'workspace_member';
}

export class ApiKeyCreated extends DomainEvent<{ name: string; scopes: string[] }> {
  static readonly type = 'api_key.created';
  readonly resourceType = 'api_key';
}
export class ApiKeyRevoked extends DomainEvent {
  static readonly type = 'api_key.revoked';
  readonly resourceType = 'api_key';
}

/** Email-domain claims: one per organization, on the organization's trail. */
export class DomainClaimed extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_claimed';
  readonly resourceType = 'organization';
}
export class DomainVerified extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_verified';
  readonly resourceType = 'organization';
}
/** The periodic re-check found the TXT record gone: the domain captures nobody until verified again. */
export class DomainUnverified extends DomainEvent<{ domain: string; reason: string }> {
  static readonly type = 'organization.domain_unverified';
  readonly resourceType = 'organization';
}
export class DomainReleased extends DomainEvent<{ domain: string }> {
  static readonly type = 'organization.domain_released';
  readonly resourceType = 'organization';
}

export class InvitationCreated extends DomainEvent<{ email: string; role: string }> {
  static readonly type = 'invitation.created';
  readonly resourceType = 'invitation';
}
export class InvitationAccepted extends DomainEvent<{ email: string; role: string; userId: string }> {
  static readonly type = 'invitation.accepted';
  readonly resourceType = 'invitation';
}
export class InvitationRevoked extends DomainEvent<{ email: string }> {
  static readonly type = 'invitation.revoked';
  readonly resourceType = 'invitation';
}
export class InvitationExpired extends DomainEvent<{ email: string }> {
  static readonly type = 'invitation.expired';
  readonly resourceType = 'invitation';
}
