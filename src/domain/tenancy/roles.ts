export const ORGANIZATION_ROLES = ['owner', 'admin', 'reviewer', 'agent', 'member'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export const WORKSPACE_ROLES = ['owner', 'member'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/**
 * What a caller may do in an organization. Users get them from their role; API keys carry
 * a chosen subset as scopes. Later contexts add their own.
 */
export const PERMISSIONS = [
  'organizations:read',
  'organizations:write',
  'organizations:delete',
  'members:read',
  'members:write',
  'api_keys:read',
  'api_keys:write',
  'workspaces:read',
  'workspaces:write',
  'audit:read',
  'telephony:read',
  'telephony:write',
  'calls:read',
  'calls:write',
  'recordings:read',
  'recordings:write',
  'analyses:read',
  'analyses:write',
  'reviews:write',
  'scoring:write',
  /** Take every record of the organization out (`GET /export`): owners and admins. */
  'data:export',
  /** Erase a person's data (`POST /erasure-requests`) and read the receipts: owners and admins. */
  'data:erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['organizations:read', 'members:read', 'workspaces:read', 'telephony:read', 'calls:read', 'recordings:read'];
const ADMIN: Permission[] = [
  ...READ,
  'organizations:write',
  'members:write',
  'api_keys:read',
  'api_keys:write',
  'workspaces:write',
  'audit:read',
  'telephony:write',
  'calls:write',
  'recordings:write',
  'analyses:read',
  'analyses:write',
  'reviews:write',
  'scoring:write',
  'data:export',
  'data:erase',
];

const ROLE_PERMISSIONS: Record<OrganizationRole, ReadonlySet<Permission>> = {
  owner: new Set<Permission>([...ADMIN, 'organizations:delete']),
  admin: new Set<Permission>(ADMIN),
  reviewer: new Set<Permission>([...READ, 'analyses:read', 'reviews:write']),
  agent: new Set<Permission>([...READ, 'calls:write']),
  member: new Set<Permission>(READ),
};

export function roleGrants(role: OrganizationRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Why a caller looks into a workspace: its calls, recordings and conversations, or its
 * configuration (Twilio account, numbers, agents, members).
 */
export type WorkspaceDuty = 'calls' | 'configuration';
export const WORKSPACE_DUTIES: readonly WorkspaceDuty[] = ['calls', 'configuration'];

/**
 * Owners and admins see every workspace. Reviewers take work from one queue for the whole
 * organization, so every workspace's calls are theirs to read, but not its configuration.
 * Everyone else sees only the workspaces they are members of (agents are members too).
 */
export function seesEveryWorkspace(role: OrganizationRole, duty: WorkspaceDuty): boolean {
  if (role === 'owner' || role === 'admin') return true;
  return role === 'reviewer' && duty === 'calls';
}
