import { Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import { roleGrants, type OrganizationRole } from '../../domain/tenancy/roles';
import { Database } from '../persistence/database';
import { organizationMembers, organizations } from '../persistence/schema';
import type { OrganizationAccess, Principal } from './principal';

/** Decides whether a principal belongs to an organization, and with what rights. */
@Injectable()
export class OrganizationAccessResolver {
  constructor(private readonly database: Database) {}

  async resolve(principal: Principal, organizationId: string): Promise<OrganizationAccess | null> {
    if (principal.kind === 'api_key') {
      if (principal.organizationId !== organizationId) return null;
      return { organizationId, principal, role: null, can: (p) => principal.scopes.includes(p) };
    }
    const [row] = await this.database.db
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .innerJoin(organizations, and(eq(organizations.id, organizationMembers.organizationId), isNull(organizations.deletedAt)))
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, principal.userId)))
      .limit(1);
    if (!row) return null;
    const role = row.role as OrganizationRole;
    return { organizationId, principal, role, can: (p) => roleGrants(role, p) };
  }
}
