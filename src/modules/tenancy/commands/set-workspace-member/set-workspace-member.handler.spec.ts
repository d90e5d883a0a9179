import { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import { Workspace } from '@domain/tenancy/workspace.aggregate';
import { WorkspaceMember } from '@domain/tenancy/workspace-member.aggregate';
import {
  InMemoryOrganizationMemberRepository,
  InMemoryWorkspaceMemberRepository,
  InMemoryWorkspaceRepository,
} from '@test/fakes/ports/tenancy-ports.fake';
import { SetWorkspaceMemberCommand, type SetWorkspaceMemberProps } from './set-workspace-member.command';
import { SetWorkspaceMemberHandler } from './set-workspace-member.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const [OWNER, ANA, STRANGER] = ['u-owner', 'u-ana', 'u-stranger'];
const NOW = new Date('2026-03-01T09:00:00.000Z');

function setUp() {
  const workspaces = new InMemoryWorkspaceRepository();
  const ws = Workspace.create({ organizationId: ORG, name: 'Support', now: NOW });
  workspaces.rows.set(ws.id, ws);
  const members = new InMemoryWorkspaceMemberRepository();
  const owner = WorkspaceMember.add({ organizationId: ORG, workspaceId: ws.id, userId: OWNER, role: 'owner' });
  owner.pullEvents();
  members.rows.set(`${ws.id}:${OWNER}`, owner);
  const orgMembers = new InMemoryOrganizationMemberRepository(
    ...[OWNER, ANA].map((userId) => OrganizationMember.add({ organizationId: ORG, userId, role: 'member', now: NOW })),
  );
  const handler = new SetWorkspaceMemberHandler(workspaces, members, orgMembers);
  const set = (props: Partial<SetWorkspaceMemberProps>) =>
    handler.execute(
      new SetWorkspaceMemberCommand({
        organizationId: ORG,
        workspaceId: ws.id,
        userId: ANA,
        role: 'member',
        actorManagesAllWorkspaces: false,
        actorUserId: OWNER,
        ...props,
      }),
    );
  return { ws, members, set };
}

describe('SetWorkspaceMemberHandler', () => {
  it('adds an organization member, then changes their role', async () => {
    const { members, set } = setUp();
    await expect(set({})).resolves.toEqual({ created: true });
    await expect(set({ role: 'owner' })).resolves.toEqual({ created: false });
    expect(members.saved.map((s) => [s.userId, s.role])).toEqual([
      [ANA, 'member'],
      [ANA, 'owner'],
    ]);
  });

  it('lets only a workspace owner or an organization admin manage members', async () => {
    const { members, set } = setUp();
    await expect(set({ actorUserId: ANA })).rejects.toMatchObject({ code: 'workspace.owner_required' });
    await expect(set({ actorUserId: null })).rejects.toMatchObject({ code: 'workspace.owner_required' });
    await expect(set({ actorUserId: null, actorManagesAllWorkspaces: true })).resolves.toEqual({ created: true });
    expect(members.saved).toHaveLength(1);
  });

  it('answers workspace.not_found and member.not_found', async () => {
    const { members, set } = setUp();
    await expect(set({ workspaceId: ORG })).rejects.toMatchObject({ code: 'workspace.not_found' });
    await expect(set({ userId: STRANGER })).rejects.toMatchObject({ code: 'member.not_found' });
    expect(members.saved).toEqual([]);
  });
});
