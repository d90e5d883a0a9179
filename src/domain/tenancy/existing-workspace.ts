import { workspaceNotFound } from './errors';
import type { WorkspaceRepository } from './ports/tenancy-repositories.port';
import type { Workspace } from './workspace.aggregate';

/** The workspace, or `workspace.not_found` (a deleted workspace is not found). */
export async function existingWorkspace(workspaces: WorkspaceRepository, organizationId: string, workspaceId: string): Promise<Workspace> {
  const workspace = await workspaces.findById(organizationId, workspaceId);
  if (!workspace) throw workspaceNotFound();
  return workspace;
}
