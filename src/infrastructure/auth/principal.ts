import type { Actor } from '@domain/shared/actor';
import type { OrganizationRole, Permission, WorkspaceDuty } from '@domain/tenancy/roles';

export type Principal =
  { kind: 'user'; userId: string; email: string | null } | { kind: 'api_key'; keyId: string; organizationId: string; scopes: Permission[] };

/** The caller's standing in the organization named by the path. */
export interface OrganizationAccess {
  organizationId: string;
  principal: Principal;
  /** The user's role; null for API keys. */
  role: OrganizationRole | null;
  can(permission: Permission): boolean;
  /** The workspaces the caller may look into for a duty: all of them, or these. */
  visibleWorkspaces(duty: WorkspaceDuty): Promise<WorkspaceVisibility>;
}

export type WorkspaceVisibility = 'all' | readonly string[];

export async function seesWorkspace(access: OrganizationAccess, duty: WorkspaceDuty, workspaceId: string | null): Promise<boolean> {
  const visible = await access.visibleWorkspaces(duty);
  // Uploaded audio belongs to no workspace: only those who see every workspace see it.
  return visible === 'all' || (workspaceId !== null && visible.includes(workspaceId));
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? { type: 'user', id: principal.userId } : { type: 'api_key', id: principal.keyId };
}
