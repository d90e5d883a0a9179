import { randomUUID } from 'node:crypto';
import { signToken, startTestApp, type TestApp } from '../support/test-app';

describe('tenancy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates the profile on first request and shows memberships on /v1/me', async () => {
    const ana = await t.user('ana@example.test');
    const me = await t.request('GET', '/v1/me', { token: ana.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: ana.id, email: 'ana@example.test', memberships: [] });

    const org = await t.request('POST', '/v1/organizations', { token: ana.token }, { name: 'Ana Inc' });
    expect(org.statusCode).toBe(201);
    const again = await t.request('GET', '/v1/me', { token: ana.token });
    expect(again.json().memberships).toEqual([{ organizationId: org.json().id, organizationName: 'Ana Inc', role: 'owner' }]);
  });

  it('takes a domain given at creation as a claim only: it captures nobody and blocks nobody until verified', async () => {
    const owner = await t.user();
    const org = await t.request('POST', '/v1/organizations', { token: owner.token }, { name: 'Domain Co', domain: 'domainco.test' });
    expect(org.statusCode).toBe(201);
    expect(org.json()).toMatchObject({ domain: 'domainco.test', domainVerified: false });
    const newcomerId = randomUUID();
    const newcomer = await signToken({ sub: newcomerId, email: 'bob@DomainCo.test', email_verified: true });
    expect((await t.request('GET', '/v1/me', { token: newcomer })).json().memberships).toEqual([]);

    const other = await t.user('carol@elsewhere.test');
    const second = await t.request(
      'POST',
      '/v1/organizations',
      { token: other.token },
      { name: 'Also Domain Co', domain: 'domainco.test' },
    );
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ domain: 'domainco.test', domainVerified: false });
  });

  it('keeps the last owner: cannot be demoted or removed', async () => {
    const { orgId, owner } = await t.organization();
    const demote = await t.request('PATCH', `/v1/organizations/${orgId}/members/${owner.id}`, { token: owner.token }, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('member.last_owner');
    const remove = await t.request('DELETE', `/v1/organizations/${orgId}/members/${owner.id}`, { token: owner.token });
    expect(remove.statusCode).toBe(409);

    const second = await t.user();
    await t.request('GET', '/v1/me', { token: second.token });
    const add = await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: second.id, role: 'owner' });
    expect(add.statusCode).toBe(201);
    const nowOk = await t.request('PATCH', `/v1/organizations/${orgId}/members/${owner.id}`, { token: owner.token }, { role: 'admin' });
    expect(nowOk.statusCode).toBe(200);
    expect(nowOk.json().role).toBe('admin');
  });

  it('lets owners and admins manage members, and refuses others with 403', async () => {
    const { orgId, owner } = await t.organization();
    // Adding by email takes a user whose address the identity provider verified.
    const memberId = randomUUID();
    const member = { id: memberId, email: `m-${memberId.slice(0, 8)}@example.test`, token: '' };
    member.token = await signToken({ sub: memberId, email: member.email, email_verified: true });
    await t.request('GET', '/v1/me', { token: member.token });
    const added = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: member.email, role: 'member' },
    );
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: member.id, role: 'member' });

    const list = await t.request('GET', `/v1/organizations/${orgId}/members`, { token: member.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(2);

    const forbidden = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { token: member.token }, { name: 'No' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('auth.forbidden');

    const dup = await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: member.id, role: 'agent' });
    expect(dup.statusCode).toBe(409);
    // Somebody not seen yet is invited: a pending membership taken up at their first verified sign-in.
    const unknown = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { email: 'nobody@nowhere.test', role: 'agent' },
    );
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toMatchObject({ email: 'nobody@nowhere.test', role: 'agent', status: 'pending' });
    const byId = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { userId: randomUUID(), role: 'agent' },
    );
    expect(byId.statusCode).toBe(404);
    expect(byId.json().code).toBe('user.not_found');
  });

  it('manages workspaces and their members, soft-deleting workspaces', async () => {
    const { orgId, owner, apiKey } = await t.organization();
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { token: owner.token }, { name: 'Fraud desk' });
    expect(ws.statusCode).toBe(201);
    const wsId = ws.json().id;
    const members = await t.request('GET', `/v1/organizations/${orgId}/workspaces/${wsId}/members`, { apiKey });
    expect(members.json().data).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner' })]);

    const agent = await t.user();
    await t.request('GET', '/v1/me', { token: agent.token });
    await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: agent.id, role: 'agent' });
    const put = await t.request(
      'PUT',
      `/v1/organizations/${orgId}/workspaces/${wsId}/members/${agent.id}`,
      { token: owner.token },
      { role: 'member' },
    );
    expect(put.statusCode).toBe(201);
    const again = await t.request(
      'PUT',
      `/v1/organizations/${orgId}/workspaces/${wsId}/members/${agent.id}`,
      { token: owner.token },
      { role: 'owner' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.json().role).toBe('owner');

    const renamed = await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${wsId}`, { apiKey }, { name: 'Fraud team' });
    expect(renamed.json().name).toBe('Fraud team');
    expect((await t.request('DELETE', `/v1/organizations/${orgId}/workspaces/${wsId}`, { apiKey })).statusCode).toBe(204);
    expect((await t.request('GET', `/v1/organizations/${orgId}/workspaces/${wsId}`, { apiKey })).statusCode).toBe(404);
    const [row] = await t.rows('select deleted_at from workspaces where id = $1', [wsId]);
    expect(row!.deleted_at).not.toBeNull();
  });

  it('shows an API key once, stores only its hash, and refuses it at once when revoked', async () => {
    const { orgId, owner } = await t.organization();
    const created = await t.request(
      'POST',
      `/v1/organizations/${orgId}/api-keys`,
      { token: owner.token },
      { name: 'CRM', scopes: ['workspaces:read'] },
    );
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^sb_live_[0-9A-Za-z]{32}_[0-9A-Za-z]{6}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const stored = await t.rows('select * from api_keys where id = $1', [id]);
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await t.request('GET', `/v1/organizations/${orgId}/api-keys`, { token: owner.token });
    expect(JSON.stringify(listed.json())).not.toContain(key);

    expect((await t.request('GET', `/v1/organizations/${orgId}/workspaces`, { apiKey: key })).statusCode).toBe(200);
    // Scopes bind the key.
    expect((await t.request('GET', `/v1/organizations/${orgId}/members`, { apiKey: key })).statusCode).toBe(403);
    const [used] = await t.rows('select last_used_at from api_keys where id = $1', [id]);
    expect(used!.last_used_at).not.toBeNull();

    expect((await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/${id}`, { token: owner.token })).statusCode).toBe(204);
    const refused = await t.request('GET', `/v1/organizations/${orgId}/workspaces`, { apiKey: key });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('auth.api_key_revoked');
  });

  it('refuses to let a key grant more than its creator holds', async () => {
    const { orgId, owner } = await t.organization();
    const admin = await t.user();
    await t.request('GET', '/v1/me', { token: admin.token });
    await t.request('POST', `/v1/organizations/${orgId}/members`, { token: owner.token }, { userId: admin.id, role: 'admin' });
    const r = await t.request(
      'POST',
      `/v1/organizations/${orgId}/api-keys`,
      { token: admin.token },
      { name: 'x', scopes: ['organizations:delete'] },
    );
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('api_key.scope_not_grantable');
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const { orgId, apiKey } = await t.organization();
    const first = await t.request(
      'POST',
      `/v1/organizations/${orgId}/workspaces`,
      { apiKey },
      { name: 'Once' },
      { 'idempotency-key': 'k-1' },
    );
    const second = await t.request(
      'POST',
      `/v1/organizations/${orgId}/workspaces`,
      { apiKey },
      { name: 'Once' },
      { 'idempotency-key': 'k-1' },
    );
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const rows = await t.rows('select id from workspaces where organization_id = $1 and name = $2', [orgId, 'Once']);
    expect(rows).toHaveLength(1);
    const other = await t.request(
      'POST',
      `/v1/organizations/${orgId}/workspaces`,
      { apiKey },
      { name: 'Twice' },
      { 'idempotency-key': 'k-1' },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
  });

  it('pages with opaque cursors bound to the organization', async () => {
    const a = await t.organization();
    const b = await t.organization();
    for (let i = 0; i < 5; i++)
      await t.request('POST', `/v1/organizations/${a.orgId}/workspaces`, { apiKey: a.apiKey }, { name: `ws ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { statusCode: number; json(): { data: { id: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/v1/organizations/${a.orgId}/workspaces?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { apiKey: a.apiKey },
      );
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().data.map((w) => w.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const firstPage = await t.request('GET', `/v1/organizations/${a.orgId}/workspaces?limit=2`, { apiKey: a.apiKey });
    const foreign = await t.request(
      'GET',
      `/v1/organizations/${b.orgId}/workspaces?cursor=${encodeURIComponent(firstPage.json().nextCursor)}`,
      { apiKey: b.apiKey },
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().code).toBe('pagination.invalid_cursor');
  });

  it('soft-deletes an organization: it vanishes for its members', async () => {
    const { orgId, owner, apiKey } = await t.organization();
    expect((await t.request('DELETE', `/v1/organizations/${orgId}`, { token: owner.token })).statusCode).toBe(204);
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { token: owner.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { apiKey })).statusCode).toBe(401);
  });
});
