import { createHash } from 'node:crypto';
import { TenantQueryBus } from '@modules/shared';
import { GetWorkspaceQuery } from '@modules/tenancy';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * An Idempotency-Key survives the worst moments: the answer lost after the command committed,
 * and a holder that died with the key claimed. A retry either replays what committed or runs
 * the command once; it never runs it twice and never waits out the key's whole lifetime.
 */
describe('Idempotency-Key across failures', () => {
  let t: TestApp;
  let orgId: string;
  let apiKey: string;
  let keyId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { IDEMPOTENCY_LEASE_SECONDS: '2' } });
    ({ orgId, apiKey } = await t.organization('Idem Co'));
    keyId = String((await t.rows(`select id from api_keys where organization_id = $1`, [orgId]))[0]!.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const createWorkspace = (name: string, key: string) =>
    t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name }, { 'idempotency-key': key });
  const workspacesNamed = async (name: string) =>
    (await t.rows(`select id from workspaces where organization_id = $1 and name = $2`, [orgId, name])).map((r) => r.id);
  const auditRowsFor = async (id: unknown) =>
    (await t.rows(`select action from audit_logs where resource_id = $1`, [id])).map((r) => r.action);

  it('replays a command that committed when its answer was lost, instead of running it again', async () => {
    const queries = t.app.get(TenantQueryBus);
    const execute = queries.execute.bind(queries);
    // The command commits; then reading it back fails as if the database connection dropped.
    const spy = jest.spyOn(queries, 'execute').mockImplementationOnce(async (query) => {
      if (query instanceof GetWorkspaceQuery) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
      return execute(query);
    });
    const lost = await createWorkspace('Recovered', 'key-lost-answer');
    spy.mockRestore();
    expect(lost.statusCode).toBe(503);
    expect(lost.json().code).toBe('database.unavailable');
    const [created] = await workspacesNamed('Recovered');
    expect(created).toBeDefined();

    const retry = await createWorkspace('Recovered', 'key-lost-answer');
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(created);
    expect(await workspacesNamed('Recovered')).toEqual([created]);
    expect(await auditRowsFor(created)).toEqual(['workspace.created']);

    const again = await createWorkspace('Recovered', 'key-lost-answer');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(created);
  });

  it('answers 409 with Retry-After while the holder is alive, and lets a retry take over once its lease has passed', async () => {
    const body = { name: 'Orphaned' };
    const url = `/v1/organizations/${orgId}/workspaces`;
    // What a process that died right after claiming the key leaves behind (the hash is the interceptor's).
    const requestHash = createHash('sha256').update(`POST ${url}\n`).update(JSON.stringify(body)).digest('hex');
    await t.rows(
      `insert into idempotency_keys (principal, key, organization_id, request_hash, locked_until) values ($1, 'key-dead-holder', $2, $3, now() + interval '1 second')`,
      [`api_key:${keyId}`, orgId, requestHash],
    );
    const held = await createWorkspace('Orphaned', 'key-dead-holder');
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe('idempotency.in_progress');
    expect(Number(held.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await workspacesNamed('Orphaned')).toEqual([]);

    await new Promise((r) => setTimeout(r, 1500));
    const [first, second] = await Promise.all([
      createWorkspace('Orphaned', 'key-dead-holder'),
      createWorkspace('Orphaned', 'key-dead-holder'),
    ]);
    // One retry takes the claim over and runs the command; the other is told it is in progress, or
    // (when it arrives after the first finished) gets the first's answer replayed.
    const answers = [first, second];
    expect(answers.every((a) => [201, 409].includes(a.statusCode))).toBe(true);
    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json().id);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created).size).toBe(1);
    expect(await workspacesNamed('Orphaned')).toEqual([created[0]]);
  });

  it('frees the key when nothing committed, so the client can try again', async () => {
    const before = (await t.rows(`select count(*)::int as n from workspaces`))[0]!.n;
    const bad = await createWorkspace('', 'key-refused');
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect((await t.rows(`select count(*)::int as n from workspaces`))[0]!.n).toBe(before);
    const ok = await t.request(
      'POST',
      `/v1/organizations/${orgId}/workspaces`,
      { apiKey },
      { name: 'Fine' },
      { 'idempotency-key': 'key-refused' },
    );
    expect(ok.statusCode).toBe(201);
  });
});
