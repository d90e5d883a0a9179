import { ForbiddenError } from '@domain/shared/domain-error';
import type { WorkspaceMemberRepository } from '@domain/tenancy/ports/tenancy-repositories.port';

/** Organization owners and admins manage every workspace; a workspace owner manages theirs. */
export async function assertManagesWorkspace(
  members: WorkspaceMemberRepository,
  c: { organizationId: string; workspaceId: string; actorManagesAllWorkspaces: boolean; actorUserId: string | null },
): Promise<void> {
  if (c.actorManagesAllWorkspaces) return;
  const own = c.actorUserId ? await members.find(c.organizationId, c.workspaceId, c.actorUserId) : null;
  if (own?.role !== 'owner')
    throw new ForbiddenError('workspace.owner_required', 'Only a workspace owner or an organization admin can manage its members');
}
