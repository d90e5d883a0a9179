import { workspaceNotFound } from '@domain/tenancy/errors';
import type { TenantQueryBus } from '../shared';
import { GetWorkspaceQuery } from '../tenancy';

/** Telephony hangs off workspaces that tenancy owns: `workspace.not_found` unless the organization has this one. */
export async function assertWorkspaceExists(queries: TenantQueryBus, organizationId: string, workspaceId: string): Promise<void> {
  if (!(await queries.execute(new GetWorkspaceQuery({ organizationId, workspaceId })))) throw workspaceNotFound();
}
