import type { Actor } from '../../domain/shared/actor';
import type { OrganizationRole, Permission } from '../../domain/tenancy/roles';

export type Principal =
  | { kind: 'user'; userId: string; email: string | null }
  | { kind: 'api_key'; keyId: string; organizationId: string; scopes: Permission[] };

/** The caller's standing in the organization named by the path. */
export interface OrganizationAccess {
  organizationId: string;
  principal: Principal;
  /** The user's role; null for API keys. */
  role: OrganizationRole | null;
  can(permission: Permission): boolean;
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? { type: 'user', id: principal.userId } : { type: 'api_key', id: principal.keyId };
}
