import { Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import { roleGrants, seesEveryWorkspace, type OrganizationRole } from '@domain/tenancy/roles';
import { Database } from '../persistence/database';
import { calls, organizationMembers, organizations, recordings, workspaceMembers } from '../persistence/schema';
import type { OrganizationAccess, Principal, WorkspaceVisibility } from './principal';

/** A resource whose workspace decides who may see it. */
export type WorkspaceScopedResource = 'call' | 'recording';

/** Decides whether a principal belongs to an organization, and with what rights. */
@Injectable()
export class OrganizationAccessResolver {
  constructor(private readonly database: Database) {}

  async resolve(principal: Principal, organizationId: string): Promise<OrganizationAccess | null> {
    if (principal.kind === 'api_key') {
      if (principal.organizationId !== organizationId) return null;
      // A key is the organization's own integration: its scopes limit what it does, not where.
      return {
        organizationId,
        principal,
        role: null,
        can: (p) => principal.scopes.includes(p),
        visibleWorkspaces: () => Promise.resolve('all'),
      };
    }
    const [row] = await this.database.db
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .innerJoin(organizations, and(eq(organizations.id, organizationMembers.organizationId), isNull(organizations.deletedAt)))
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, principal.userId)))
      .limit(1);
    if (!row) return null;
    const role = row.role as OrganizationRole;
    let own: Promise<readonly string[]> | undefined;
    return {
      organizationId,
      principal,
      role,
      can: (p) => roleGrants(role, p),
      visibleWorkspaces: (duty): Promise<WorkspaceVisibility> =>
        seesEveryWorkspace(role, duty) ? Promise.resolve('all') : (own ??= this.workspacesOf(organizationId, principal.userId)),
    };
  }

  /** The workspace a call or recording belongs to (null for uploads); undefined when there is no such row. */
  async workspaceOf(organizationId: string, resource: WorkspaceScopedResource, id: string): Promise<string | null | undefined> {
    const table = resource === 'call' ? calls : recordings;
    const [row] = await this.database.db
      .select({ workspaceId: table.workspaceId })
      .from(table)
      .where(and(eq(table.organizationId, organizationId), eq(table.id, id)))
      .limit(1);
    return row ? row.workspaceId : undefined;
  }

  /** Workspaces the user is a member of (every agent is a member of its workspace). */
  private async workspacesOf(organizationId: string, userId: string): Promise<readonly string[]> {
    const rows = await this.database.db
      .select({ workspaceId: workspaceMembers.workspaceId })
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.organizationId, organizationId), eq(workspaceMembers.userId, userId)));
    return rows.map((r) => r.workspaceId);
  }
}
