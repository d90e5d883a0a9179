import type { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import {
  OrganizationMemberRepository,
  WorkspaceMemberRepository,
  WorkspaceRepository,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import type { Workspace } from '@domain/tenancy/workspace.aggregate';
import type { WorkspaceMember } from '@domain/tenancy/workspace-member.aggregate';

/** `saved` lists every save with the events the unit of work would have taken from it. */
export class InMemoryWorkspaceRepository extends WorkspaceRepository {
  readonly rows = new Map<string, Workspace>();
  readonly saved: { id: string; events: string[] }[] = [];

  findById(organizationId: string, workspaceId: string): Promise<Workspace | null> {
    const w = this.rows.get(workspaceId);
    return Promise.resolve(w && w.organizationId === organizationId ? w : null);
  }
  save(workspace: Workspace): Promise<void> {
    this.rows.set(workspace.id, workspace);
    this.saved.push({ id: workspace.id, events: workspace.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}

export class InMemoryWorkspaceMemberRepository extends WorkspaceMemberRepository {
  readonly rows = new Map<string, WorkspaceMember>();
  readonly saved: { userId: string; role: string; events: string[] }[] = [];

  find(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMember | null> {
    const m = this.rows.get(`${workspaceId}:${userId}`);
    return Promise.resolve(m && m.organizationId === organizationId ? m : null);
  }
  save(member: WorkspaceMember): Promise<void> {
    this.rows.set(`${member.workspaceId}:${member.userId}`, member);
    this.saved.push({ userId: member.userId, role: member.role, events: member.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}

export class InMemoryOrganizationMemberRepository extends OrganizationMemberRepository {
  readonly rows = new Map<string, OrganizationMember>();

  constructor(...members: OrganizationMember[]) {
    super();
    for (const m of members) this.rows.set(`${m.organizationId}:${m.userId}`, m);
  }
  find(organizationId: string, userId: string): Promise<OrganizationMember | null> {
    return Promise.resolve(this.rows.get(`${organizationId}:${userId}`) ?? null);
  }
  countOwnersExcept(organizationId: string, userId: string): Promise<number> {
    return Promise.resolve(
      [...this.rows.values()].filter((m) => m.organizationId === organizationId && m.userId !== userId && m.role === 'owner').length,
    );
  }
  save(member: OrganizationMember): Promise<void> {
    this.rows.set(`${member.organizationId}:${member.userId}`, member);
    member.pullEvents();
    return Promise.resolve();
  }
}
