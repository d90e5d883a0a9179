import { FixedClock } from '@test/fakes/ports/clock.fake';
import { FakeQueryBus } from '@test/fakes/ports/query-bus.fake';
import { InMemoryAgentRepository } from '@test/fakes/ports/telephony-ports.fake';
import { GetWorkspaceMemberQuery, GetWorkspaceQuery } from '@modules/tenancy';
import { AddAgentCommand } from './add-agent.command';
import { AddAgentHandler } from './add-agent.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const WS = '0193a000-0000-7000-8000-000000000002';
const [ANA, BEN, STRANGER] = ['u-ana', 'u-ben', 'u-stranger'];

function setUp(workspaceExists = true) {
  const agents = new InMemoryAgentRepository();
  const queries = new FakeQueryBus()
    .answer(GetWorkspaceQuery, () => (workspaceExists ? { id: WS } : null))
    .answer(GetWorkspaceMemberQuery, (q) => ([ANA, BEN].includes(q.props.userId) ? { userId: q.props.userId } : null));
  return { agents, handler: new AddAgentHandler(agents, new FixedClock(), queries.asBus()) };
}
const add = (userId: string, identity: string) => new AddAgentCommand({ organizationId: ORG, workspaceId: WS, userId, identity });

describe('AddAgentHandler', () => {
  it('makes a workspace member an agent', async () => {
    const { agents, handler } = setUp();
    await handler.execute(add(ANA, 'ana'));
    expect(agents.saved).toEqual([{ userId: ANA, events: ['agent.added'] }]);
  });

  it('refuses a second agent for the same user, or an identity already used', async () => {
    const { agents, handler } = setUp();
    await handler.execute(add(ANA, 'ana'));
    await expect(handler.execute(add(ANA, 'ana-2'))).rejects.toMatchObject({ code: 'agent.already_exists' });
    await expect(handler.execute(add(BEN, 'ana'))).rejects.toMatchObject({ code: 'agent.identity_taken' });
    expect(agents.saved).toHaveLength(1);
  });

  it('answers workspace.not_found, and agent.not_workspace_member for someone outside the workspace', async () => {
    await expect(setUp(false).handler.execute(add(ANA, 'ana'))).rejects.toMatchObject({ code: 'workspace.not_found' });
    const { agents, handler } = setUp();
    await expect(handler.execute(add(STRANGER, 'stranger'))).rejects.toMatchObject({ code: 'agent.not_workspace_member' });
    expect(agents.saved).toEqual([]);
  });
});
