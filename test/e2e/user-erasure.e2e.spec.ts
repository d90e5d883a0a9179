import { WRITE_EXPORT_ARCHIVE_QUEUE } from '@modules/data';
import { ERASE_PERSONAL_DATA_QUEUE } from '@modules/privacy';
import { startTestApp, type TestApp } from '../support/test-app';
import { telephonyWorkspace, type TelephonyWorkspace } from '../support/twilio';

jest.setTimeout(120_000);

interface Receipt {
  resourceType: string;
  resourceId: string;
  location: string;
  action: string;
  detail: Record<string, unknown>;
}

describe('erasure of a member, by user id', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const org = (w: TelephonyWorkspace) => `/v1/organizations/${w.orgId}`;

  async function eraseUser(w: TelephonyWorkspace, userId: string) {
    const r = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { userId });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ subjectType: 'user', subject: userId, status: 'pending' });
    await t.drain(ERASE_PERSONAL_DATA_QUEUE);
    const done = await t.request('GET', `${org(w)}/erasure-requests/${r.json().id}`, { apiKey: w.apiKey });
    return done.json() as { status: string; outcome: string; stepsDone: string[]; receipt: Receipt[] };
  }

  /** Every row of the organization's tables, and the user's profile, as text. */
  async function textOf(orgId: string, userId: string): Promise<string> {
    const tables = await t.rows(
      `select table_name as n from information_schema.columns where table_schema = 'public' and column_name = 'organization_id'`,
    );
    const parts: string[] = [];
    for (const { n } of tables) {
      const rows = await t.rows(`select x::text as row from "${n as string}" x where organization_id = $1`, [orgId]);
      parts.push(...rows.map((r) => r.row as string));
    }
    const profile = await t.rows('select p::text as row from profiles p where id = $1', [userId]);
    return [...parts, ...profile.map((r) => r.row as string)].join('\n');
  }

  it("removes a member's seats, memberships, profile and audit-trail identity; the chain still verifies", async () => {
    const w = await telephonyWorkspace(t);
    const agent = w.agent;
    // The agent acts from a browser: the audit row holds their user agent, sealed under their key.
    const changed = await t.request(
      'PATCH',
      `${org(w)}/workspaces/${w.workspaceId}/agents/${agent.id}`,
      { token: agent.token },
      { availability: 'offline' },
      { 'user-agent': 'Softphone/9 (Ana Agent)' },
    );
    expect(changed.statusCode).toBe(200);
    expect((await t.request('POST', `${org(w)}/exports`, { apiKey: w.apiKey })).statusCode).toBe(202);
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    await t.sealAudit();
    expect(await textOf(w.orgId, agent.id)).toContain(agent.email);
    const trail = async () =>
      (await t.request('GET', `${org(w)}/audit-logs?actorId=${agent.id}`, { apiKey: w.apiKey })).json().data as {
        userAgent: string | null;
      }[];
    expect((await trail()).map((l) => l.userAgent)).toContain('Softphone/9 (Ana Agent)');

    const done = await eraseUser(w, agent.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'erased' });
    expect(done.stepsDone).toEqual([
      'locate',
      'agents',
      'workspace_memberships',
      'membership',
      'invitations',
      'reviews',
      'event_copies',
      'stored_answers',
      'exports',
      'profile',
      'audit',
    ]);
    const got = (type: string, location = 'database') => done.receipt.filter((r) => r.resourceType === type && r.location === location);
    expect(got('agent')).toEqual([expect.objectContaining({ resourceId: w.workspaceId, action: 'deleted' })]);
    expect(got('workspace_member')).toEqual([expect.objectContaining({ resourceId: w.workspaceId, action: 'deleted' })]);
    expect(got('member')).toEqual([expect.objectContaining({ resourceId: agent.id, action: 'deleted' })]);
    expect(got('profile')).toEqual([expect.objectContaining({ action: 'redacted' })]);
    expect(got('organization_export', 'export_archive')).toHaveLength(1);
    expect(got('user', 'audit_trail')).toEqual([expect.objectContaining({ action: 'shredded' })]);

    // Not a member any more: their own token no longer reaches the organization.
    expect((await t.request('GET', org(w), { token: agent.token })).statusCode).toBe(404);
    expect((await t.request('GET', `${org(w)}/members/${agent.id}`, { apiKey: w.apiKey })).statusCode).toBe(404);
    const [profile] = await t.rows('select email, full_name from profiles where id = $1', [agent.id]);
    expect(profile).toEqual({ email: null, full_name: null });
    expect(await textOf(w.orgId, agent.id)).not.toContain(agent.email);
    expect((await t.request('GET', `${org(w)}/erasure-requests`, { apiKey: w.apiKey })).body).not.toContain(agent.email);

    // The audit rows and chain are unchanged; what identified the person reads [erased].
    await t.sealAudit();
    expect((await trail()).map((l) => l.userAgent)).not.toContain('Softphone/9 (Ana Agent)');
    expect((await trail()).map((l) => l.userAgent)).toContain('[erased]');
    expect((await t.request('GET', `${org(w)}/audit-logs/verify`, { apiKey: w.apiKey })).json()).toMatchObject({ valid: true });
  });

  it('keeps the profile of someone who still belongs to another organization, and says why', async () => {
    const w = await telephonyWorkspace(t);
    const elsewhere = await t.organization();
    await t.request(
      'POST',
      `/v1/organizations/${elsewhere.orgId}/members`,
      { apiKey: elsewhere.apiKey },
      { userId: w.agent.id, role: 'member' },
    );
    const done = await eraseUser(w, w.agent.id);
    expect(done.receipt.find((r) => r.resourceType === 'profile')).toMatchObject({
      action: 'kept',
      detail: expect.objectContaining({ reason: 'member_of_another_organization' }),
    });
    const [profile] = await t.rows('select email from profiles where id = $1', [w.agent.id]);
    expect(profile!.email).toBe(w.agent.email);
    expect(
      (await t.request('GET', `/v1/organizations/${elsewhere.orgId}/members/${w.agent.id}`, { apiKey: elsewhere.apiKey })).statusCode,
    ).toBe(200);
  });

  it('refuses the last owner, a stranger and an ambiguous request, and records nothing', async () => {
    const w = await telephonyWorkspace(t);
    const stranger = await t.organization();
    const count = async () =>
      Number((await t.rows('select count(*)::int as n from erasure_requests where organization_id = $1', [w.orgId]))[0]!.n);
    const post = (body: unknown) => t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, body);

    const lastOwner = await post({ userId: w.owner.id });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().code).toBe('erasure_request.last_owner');
    // Someone who is not a member here, though a user elsewhere: this organization cannot touch their profile.
    const notMember = await post({ userId: stranger.owner.id });
    expect(notMember.statusCode).toBe(404);
    expect(notMember.json().code).toBe('erasure_request.user_not_found');
    expect((await post({ userId: w.agent.id, phoneNumber: '+14155550123' })).json().code).toBe('erasure_request.invalid_subject');
    expect((await post({})).json().code).toBe('erasure_request.invalid_subject');
    expect((await post({ userId: 'not-a-uuid' })).statusCode).toBe(400);
    expect(await count()).toBe(0);
    const [profile] = await t.rows('select email from profiles where id = $1', [stranger.owner.id]);
    expect(profile!.email).toBe(stranger.owner.email);
  });
});
