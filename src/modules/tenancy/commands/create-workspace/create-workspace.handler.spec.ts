import { FixedClock } from '@test/fakes/ports/clock.fake';
import { InMemoryWorkspaceMemberRepository, InMemoryWorkspaceRepository } from '@test/fakes/ports/tenancy-ports.fake';
import { CreateWorkspaceCommand } from './create-workspace.command';
import { CreateWorkspaceHandler } from './create-workspace.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const USER = '0193a000-0000-7000-8000-0000000000a1';

describe('CreateWorkspaceHandler', () => {
  it('creates the workspace and makes its creator its owner', async () => {
    const workspaces = new InMemoryWorkspaceRepository();
    const members = new InMemoryWorkspaceMemberRepository();
    const { workspaceId } = await new CreateWorkspaceHandler(workspaces, members, new FixedClock()).execute(
      new CreateWorkspaceCommand({ organizationId: ORG, name: 'Support', creatorUserId: USER }),
    );
    expect(workspaces.saved).toEqual([{ id: workspaceId, events: ['workspace.created'] }]);
    expect(members.saved).toEqual([{ userId: USER, role: 'owner', events: ['workspace_member.set'] }]);
    expect((await members.find(ORG, workspaceId, USER))?.role).toBe('owner');
  });

  it('makes nobody owner when an API key creates it', async () => {
    const workspaces = new InMemoryWorkspaceRepository();
    const members = new InMemoryWorkspaceMemberRepository();
    await new CreateWorkspaceHandler(workspaces, members, new FixedClock()).execute(
      new CreateWorkspaceCommand({ organizationId: ORG, name: 'Support', creatorUserId: null }),
    );
    expect(workspaces.saved).toHaveLength(1);
    expect(members.saved).toEqual([]);
  });
});
