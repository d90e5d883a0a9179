import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/create-app';
import { Database } from '@infrastructure/persistence/database';
import { PruneLiveEventsCommand } from '@modules/events/commands/prune-live-events/prune-live-events.command';
import { TransactionalCommandBus } from '@modules/shared';
import { SseClient } from '../support/sse-client';
import { startTestApp, testConfig, type Credentials, type TestApp } from '../support/test-app';
import { callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

const headersOf = (as: Credentials): Record<string, string> =>
  as && 'token' in as ? { authorization: `Bearer ${as.token}` } : as && 'apiKey' in as ? { 'x-api-key': as.apiKey } : {};

describe('GET /organizations/{orgId}/events: the live stream', () => {
  let t: TestApp;
  let base: string;
  let w: TelephonyWorkspace;
  const open: SseClient[] = [];

  const stream = async (orgId: string, as: Credentials, query = '', headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${base}/v1/organizations/${orgId}/events${query}`, { ...headersOf(as), ...headers });
    open.push(client);
    return client;
  };
  const workspace = async (orgId: string, apiKey: string, name: string) => {
    const res = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const ringIn = async () => {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    expect((await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken)).statusCode).toBe(200);
    const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    return String(row!.id);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
        RATE_LIMIT_PER_MINUTE: '0',
        EVENTS_MAX_STREAMS_PER_PRINCIPAL: '3',
        EVENTS_HEARTBEAT_SECONDS: '1',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    w = await telephonyWorkspace(t);
  }, 120_000);
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('streams what commits, in order, with ids, heartbeats, and nothing of another organization', async () => {
    const other = await t.organization('Other Co');
    const mine = await stream(w.orgId, { token: w.owner.token });
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toMatch(/^text\/event-stream/);
    const theirs = await stream(other.orgId, { apiKey: other.apiKey });

    const a = await workspace(w.orgId, w.apiKey, 'Billing');
    const b = await workspace(other.orgId, other.apiKey, 'Elsewhere');
    const c = await workspace(w.orgId, w.apiKey, 'Fraud');
    await mine.until(() => mine.ofType('workspace.created').length >= 2);
    await theirs.until(() => theirs.ofType('workspace.created').length >= 1);

    expect(mine.ofType('workspace.created').map((e) => e.data.resourceId)).toEqual([a, c]);
    expect(mine.events.every((e) => e.data.organizationId === w.orgId)).toBe(true);
    expect(theirs.events.every((e) => e.data.organizationId === other.orgId)).toBe(true);
    expect(theirs.events.map((e) => e.data.resourceId)).toContain(b);
    const positions = mine.ids.map(Number);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    const created = mine.ofType('workspace.created')[0]!.data;
    expect(created).toMatchObject({ type: 'workspace.created', resourceType: 'workspace', workspaceId: a, payload: { name: 'Billing' } });
    await mine.until(() => mine.comments.some((c) => c.startsWith('heartbeat')), 3000, 'a heartbeat');
  });

  it('filters by type: exact types and families', async () => {
    const filtered = await stream(w.orgId, { apiKey: w.apiKey }, '?types=call.*,workspace.updated');
    const callId = await ringIn();
    const ws = await workspace(w.orgId, w.apiKey, 'Renamed later');
    expect(
      (await t.request('PATCH', `/v1/organizations/${w.orgId}/workspaces/${ws}`, { apiKey: w.apiKey }, { name: 'Renamed' })).statusCode,
    ).toBe(200);
    await filtered.until(
      () => filtered.ofType('workspace.updated').length === 1 && filtered.events.some((e) => e.data.resourceId === callId),
    );
    expect(filtered.events.every((e) => e.data.type.startsWith('call.') || e.data.type === 'workspace.updated')).toBe(true);
    expect(filtered.ofType('workspace.created')).toHaveLength(0);

    const bad = await t.request('GET', `/v1/organizations/${w.orgId}/events?types=call.**`, { apiKey: w.apiKey }, undefined, {
      accept: 'text/event-stream',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('events.invalid_types');
  });

  it('shows the calls of a workspace only to those who see it, as the guard does', async () => {
    const addMember = async (role: string) => {
      const user = await t.user();
      await t.request('GET', '/v1/me', { token: user.token });
      expect(
        (await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: user.id, role })).statusCode,
      ).toBe(201);
      return user;
    };
    const inside = await addMember('member');
    expect(
      (
        await t.request(
          'PUT',
          `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/members/${inside.id}`,
          { apiKey: w.apiKey },
          { role: 'member' },
        )
      ).statusCode,
    ).toBe(201);
    const outside = await addMember('member');
    const reviewer = await addMember('reviewer');

    const insider = await stream(w.orgId, { token: inside.token });
    const outsider = await stream(w.orgId, { token: outside.token });
    const review = await stream(w.orgId, { token: reviewer.token });
    const callId = await ringIn();
    // A marker every member may see, committed after the call: once it arrives, the call's events would have too.
    const marker = await addMember('member');
    for (const s of [insider, outsider, review])
      await s.until(() => s.events.some((e) => e.data.type === 'member.added' && e.data.payload.userId === marker.id));

    expect(insider.events.some((e) => e.data.resourceId === callId)).toBe(true);
    expect(review.events.some((e) => e.data.resourceId === callId)).toBe(true);
    expect(outsider.events.some((e) => e.data.resourceId === callId)).toBe(false);
    expect(outsider.events.some((e) => e.data.workspaceId === w.workspaceId && e.data.type !== 'workspace_member.set')).toBe(false);
    // Nobody but administrators hears of API keys.
    expect(insider.events.some((e) => e.data.resourceType === 'api_key')).toBe(false);
  });

  it('resumes with Last-Event-ID (or ?after=): every event exactly once across drops, while writes go on', async () => {
    const first = await stream(w.orgId, { apiKey: w.apiKey }, '?types=workspace.created');
    const names: string[] = [];
    const created: string[] = [];
    const write = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const name = `Desk ${names.length}`;
        names.push(name);
        created.push(await workspace(w.orgId, w.apiKey, name));
      }
    };
    await write(5);
    await first.until(() => first.events.length >= 3);
    const seen = [...first.events];
    first.close();

    // Written while nobody listens, then while the client reconnects and replays.
    await write(4);
    const writing = write(6);
    const second = await stream(w.orgId, { apiKey: w.apiKey }, '?types=workspace.created', { 'last-event-id': seen[seen.length - 1]!.id! });
    await writing;
    await second.until(() => seen.length + second.events.length >= created.length, 15_000, 'all workspaces');
    const all = [...seen, ...second.events];
    expect(all.map((e) => e.data.resourceId)).toEqual(created);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    // ?after= replays the same way.
    const third = await stream(w.orgId, { apiKey: w.apiKey }, `?types=workspace.created&after=${seen[0]!.id}`);
    await third.until(() => third.events.length >= created.length - 1);
    expect(third.events.map((e) => e.data.resourceId)).toEqual(created.slice(1));
  });

  it('limits open streams per caller (429), refuses a client that does not accept a stream (406), and hides the organization from outsiders (404)', async () => {
    const key = { apiKey: w.apiKey };
    const streams = [await stream(w.orgId, key), await stream(w.orgId, key), await stream(w.orgId, key)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await t.request('GET', `/v1/organizations/${w.orgId}/events`, key, undefined, { accept: 'text/event-stream' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('events.too_many_streams');
    expect(refused.headers['retry-after']).toBeDefined();

    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await stream(w.orgId, key);
    expect(again.status).toBe(200);

    const plain = await t.request('GET', `/v1/organizations/${w.orgId}/events`, { token: w.owner.token });
    expect(plain.statusCode).toBe(406);
    expect(plain.json().code).toBe('events.not_acceptable');
    const stranger = await t.user();
    const hidden = await t.request('GET', `/v1/organizations/${w.orgId}/events`, { token: stranger.token }, undefined, {
      accept: 'text/event-stream',
    });
    expect(hidden.statusCode).toBe(404);
    expect(
      (await t.request('GET', `/v1/organizations/${w.orgId}/events`, null, undefined, { accept: 'text/event-stream' })).statusCode,
    ).toBe(401);
  });

  it('follows the caller’s standing: a stream ends when its key is revoked or its member removed; a new workspace membership counts at once', async () => {
    const created = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/api-keys`,
      { apiKey: w.apiKey },
      { name: 'watcher', scopes: ['organizations:read', 'calls:read'] },
    );
    expect(created.statusCode).toBe(201);
    const keyStream = await stream(w.orgId, { apiKey: created.json().key }, '?types=call.*');
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    expect(
      (await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: user.id, role: 'member' }))
        .statusCode,
    ).toBe(201);
    const memberStream = await stream(w.orgId, { token: user.token }, '?types=call.*');

    const before = await ringIn();
    await keyStream.until(() => keyStream.events.some((e) => e.data.resourceId === before));
    // Not in Support yet: its calls are not sent; once added (an event the filter leaves out), they are.
    expect(
      (
        await t.request(
          'PUT',
          `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/members/${user.id}`,
          { apiKey: w.apiKey },
          { role: 'member' },
        )
      ).statusCode,
    ).toBe(201);
    const after = await ringIn();
    await memberStream.until(() => memberStream.events.some((e) => e.data.resourceId === after));
    expect(memberStream.events.some((e) => e.data.resourceId === before)).toBe(false);

    expect((await t.request('DELETE', `/v1/organizations/${w.orgId}/api-keys/${created.json().id}`, { apiKey: w.apiKey })).statusCode).toBe(
      204,
    );
    await keyStream.until(() => keyStream.ended, 5000, "the revoked key's stream to end");
    expect((await t.request('DELETE', `/v1/organizations/${w.orgId}/members/${user.id}`, { apiKey: w.apiKey })).statusCode).toBe(204);
    await memberStream.until(() => memberStream.ended, 5000, "the removed member's stream to end");
  });

  it('forgets events past the replay window (the hourly prune job)', async () => {
    const before = Number((await t.rows('select count(*)::int as n from live_events'))[0]!.n);
    expect(before).toBeGreaterThan(0);
    const pruned = await t.app.get(TransactionalCommandBus).execute(new PruneLiveEventsCommand({ before: new Date(Date.now() + 60_000) }));
    expect(pruned).toBe(before);
    expect((await t.rows('select count(*)::int as n from live_events'))[0]!.n).toBe(0);
  });

  const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
  onPostgres('a client of one replica sees what commits through another (LISTEN/NOTIFY)', async () => {
    const database = await Database.open({ kind: 'postgres', url: t.config.databaseUrl!, poolSize: 3 });
    const replica = await createApp(testConfig({ DATABASE_URL: t.config.databaseUrl!, RATE_LIMIT_PER_MINUTE: '0' }), { database });
    try {
      await replica.listen(0, '127.0.0.1');
      const replicaBase = `http://127.0.0.1:${(replica.getHttpServer().address() as AddressInfo).port}`;
      const client = await SseClient.open(`${replicaBase}/v1/organizations/${w.orgId}/events?types=workspace.created`, {
        'x-api-key': w.apiKey,
      });
      open.push(client);
      expect(client.status).toBe(200);
      const started = Date.now();
      const id = await workspace(w.orgId, w.apiKey, 'Across replicas');
      await client.until(() => client.events.some((e) => e.data.resourceId === id), 3000, 'the event from the other replica');
      // Well before the periodic re-read (EVENTS_POLL_SECONDS, 5 s): the notification woke it.
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      for (const c of open.splice(0)) c.close();
      await replica.close();
    }
  });
});
