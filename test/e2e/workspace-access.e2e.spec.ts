import { randomBytes } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../../src/create-app';
import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { pcmWav, pcmWavSeconds } from '../support/audio';
import { startTestApp, type Credentials, type TestApp, type TestUser } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

/**
 * Inside one organization: who sees which workspace's configuration, calls and recordings.
 * Every operation under /v1/organizations/{orgId} is walked for every role, once as a member
 * of the workspace that holds the data ("Support") and once as a member of another one
 * ("Sales"). The expectations are written out by hand below, not derived from the code.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Role = 'owner' | 'admin' | 'reviewer' | 'agent' | 'member';
interface Caller {
  name: string;
  role: Role | 'api_key';
  inSupport: boolean;
  as: Credentials;
}
interface Operation {
  method: Method;
  path: string;
}

const PREFIX = '/v1/organizations/{orgId}';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Who sees every workspace, by what they look at. Everyone else sees the workspaces they belong to. */
const SEES_EVERY_WORKSPACE: Record<'calls' | 'configuration', (Role | 'api_key')[]> = {
  calls: ['owner', 'admin', 'reviewer', 'api_key'],
  configuration: ['owner', 'admin', 'api_key'],
};

/** What an operation looks at inside a workspace, or null when it is not workspace-scoped. */
function dutyOf(op: Operation): 'calls' | 'configuration' | null {
  if (op.path.includes('{callId}') || op.path.includes('{recordingId}')) return 'calls';
  if (op.path === `${PREFIX}/workspaces/{workspaceId}` && op.method === 'GET') return 'calls';
  if (op.path.includes('{workspaceId}')) return 'configuration';
  return null;
}

const HIDDEN_CODE: Record<string, string> = {
  workspaceId: 'workspace.not_found',
  callId: 'call.not_found',
  recordingId: 'recording.not_found',
};

function wav(seconds: number): Buffer {
  return pcmWav({ frames: 8000 * seconds, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
}

describe('workspace access inside an organization: every operation × every role × workspace membership', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  let doc: OpenAPIObject;
  let ops: Operation[];
  let salesId: string;
  let callId: string;
  let recordingId: string;
  let uploadRecordingId: string;
  let callers: Caller[];
  let tables: string[];

  async function orgUser(role: Role): Promise<TestUser> {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    const added = await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: user.id, role });
    expect(added.statusCode).toBe(201);
    return user;
  }

  async function joinWorkspace(user: TestUser, workspaceId: string): Promise<void> {
    const put = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${workspaceId}/members/${user.id}`,
      { apiKey: w.apiKey },
      { role: 'member' },
    );
    expect(put.statusCode).toBe(201);
  }

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);
    const sales = await t.request('POST', `/v1/organizations/${w.orgId}/workspaces`, { apiKey: w.apiKey }, { name: 'Sales' });
    salesId = sales.json().id;

    // A call in Support, its stored recording and a conversation.
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    expect((await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken)).statusCode).toBe(200);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    const audio = wav(2);
    fake.serveMedia(`${mediaPath}.wav`, audio);
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingChannels: '2',
      RecordingDuration: String(pcmWavSeconds(audio, 2)),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [row] = await t.rows(
      'select c.id as call_id, r.id as recording_id, r.status from calls c join recordings r on r.call_id = c.id where c.call_sid = $1',
      [call.CallSid],
    );
    expect(row!.status).toBe('stored');
    callId = String(row!.call_id);
    recordingId = String(row!.recording_id);
    const conversation = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      {
        transcript: 'Hello, this is the bank.',
        segments: [{ speaker: 'agent', startMs: 0, endMs: 1000, text: 'Hello, this is the bank.' }],
      },
    );
    expect(conversation.statusCode).toBe(200);

    // Audio uploaded for analysis belongs to no workspace.
    const boundary = `----switchboard-${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
      wav(1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${w.orgId}/analyses`,
      headers: { 'x-api-key': w.apiKey, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(uploaded.statusCode).toBe(201);
    uploadRecordingId = uploaded.json().recordingId;

    // Callers: each role once in Support and once in Sales only, plus the workspace's own agent.
    callers = [
      { name: 'owner (in no workspace)', role: 'owner', inSupport: false, as: { token: w.owner.token } },
      { name: 'admin API key', role: 'api_key', inSupport: false, as: { apiKey: w.apiKey } },
      { name: "Support's own agent", role: 'agent', inSupport: true, as: { token: w.agent.token } },
    ];
    for (const role of ['admin', 'reviewer', 'agent', 'member'] as const) {
      const inside = await orgUser(role);
      await joinWorkspace(inside, w.workspaceId);
      if (role === 'agent') {
        const added = await t.request(
          'POST',
          `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/agents`,
          { apiKey: w.apiKey },
          { userId: inside.id, identity: `agent_${hex(6)}` },
        );
        expect(added.statusCode).toBe(201);
      }
      callers.push({ name: `${role} in Support`, role, inSupport: true, as: { token: inside.token } });
      const outside = await orgUser(role);
      await joinWorkspace(outside, salesId);
      callers.push({ name: `${role} in Sales only`, role, inSupport: false, as: { token: outside.token } });
    }
    const loner = await orgUser('member');
    callers.push({ name: 'member in no workspace', role: 'member', inSupport: false, as: { token: loner.token } });

    doc = buildOpenApi(t.app);
    ops = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith(PREFIX)) continue;
      for (const method of METHODS) if ((item as Record<string, unknown>)[method.toLowerCase()]) ops.push({ method, path });
    }
    tables = (
      await t.rows(`select tablename from pg_tables where schemaname = 'public' and tablename <> 'rate_limit_hits' order by tablename`)
    ).map((r) => String(r.tablename));
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  function urlFor(op: Operation, overrides: Record<string, string> = {}): string {
    const ids: Record<string, string> = {
      orgId: w.orgId,
      workspaceId: w.workspaceId,
      callId,
      recordingId,
      numberId: w.numberId,
      userId: w.agent.id,
      ...overrides,
    };
    return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name] ?? '00000000-0000-7000-8000-000000000000');
  }

  async function snapshot(): Promise<Record<string, string>> {
    for (const caller of callers) if (caller.as && 'apiKey' in caller.as) await t.request('GET', '/v1/me', caller.as);
    const out: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await t.rows(
        `select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from public."${table}" x`,
      );
      out[table] = `${row!.n}:${row!.h}`;
    }
    return out;
  }

  const scopedParam = (op: Operation) => (['recordingId', 'callId', 'workspaceId'] as const).find((p) => op.path.includes(`{${p}}`))!;

  it('walks every workspace-scoped operation', () => {
    const scoped = ops.filter((op) => dutyOf(op) !== null);
    console.log(`workspace access: ${ops.length} operations (${scoped.length} workspace-scoped) × ${callers.length} callers`);
    expect(scoped.length).toBeGreaterThanOrEqual(30);
    expect(callers.length).toBe(12);
  });

  it('answers 404 to every caller who must not see the workspace, for every method, and changes no row', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    let refused = 0;
    for (const op of ops) {
      const duty = dutyOf(op);
      if (!duty) continue;
      for (const caller of callers) {
        if (caller.inSupport || SEES_EVERY_WORKSPACE[duty].includes(caller.role)) continue;
        const res = await t.request(op.method, urlFor(op), caller.as, op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
        const body = res.json();
        const hidden = res.statusCode === 404 && body.code === HIDDEN_CODE[scopedParam(op)];
        // Without the permission the answer is the role's 403, the same for every workspace: it tells nothing.
        const forbidden = res.statusCode === 403 && op.method !== 'GET' && ['auth.forbidden', 'auth.user_required'].includes(body.code);
        if (!hidden && !forbidden) failures.push(`${caller.name}: ${op.method} ${op.path} -> ${res.statusCode} ${body.code}`);
        refused++;
      }
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(100);
    expect(await snapshot()).toEqual(before);
  });

  it('answers every GET to every caller who may see the workspace', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      const duty = dutyOf(op);
      if (!duty || op.method !== 'GET') continue;
      for (const caller of callers) {
        if (!caller.inSupport && !SEES_EVERY_WORKSPACE[duty].includes(caller.role)) continue;
        const res = await t.request('GET', urlFor(op), caller.as);
        if (res.statusCode !== 200) failures.push(`${caller.name}: GET ${op.path} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives the same answer to a role in or out of the workspace on every operation that is not workspace-scoped', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      if (dutyOf(op) !== null || op.method !== 'GET') continue;
      for (const role of ['admin', 'reviewer', 'agent', 'member'] as const) {
        const [inside, outside] = [
          callers.find((c) => c.role === role && c.inSupport)!,
          callers.find((c) => c.role === role && !c.inSupport)!,
        ];
        const a = await t.request('GET', urlFor(op), inside.as);
        const b = await t.request('GET', urlFor(op), outside.as);
        if (a.statusCode !== b.statusCode) failures.push(`${role}: GET ${op.path} -> in ${a.statusCode}, out ${b.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("lists only the calls and workspaces of the caller's own workspaces, except for owners, admins and reviewers", async () => {
    for (const caller of callers) {
      const seesAll = SEES_EVERY_WORKSPACE.calls.includes(caller.role);
      const listed = await t.request('GET', `/v1/organizations/${w.orgId}/calls`, caller.as);
      expect(listed.statusCode).toBe(200);
      const callIds = listed.json().data.map((c: { id: string }) => c.id);
      expect([caller.name, callIds.includes(callId)]).toEqual([caller.name, seesAll || caller.inSupport]);

      // Asking for Support's calls by filter does not get around it.
      const filtered = await t.request('GET', `/v1/organizations/${w.orgId}/calls?workspaceId=${w.workspaceId}`, caller.as);
      expect([caller.name, filtered.json().data.length > 0]).toEqual([caller.name, seesAll || caller.inSupport]);

      const workspaces = (await t.request('GET', `/v1/organizations/${w.orgId}/workspaces`, caller.as))
        .json()
        .data.map((x: { id: string }) => x.id)
        .sort();
      const expected = seesAll
        ? [w.workspaceId, salesId]
        : caller.name === 'member in no workspace'
          ? []
          : [caller.inSupport ? w.workspaceId : salesId];
      expect([caller.name, workspaces]).toEqual([caller.name, expected.sort()]);
    }
  });

  it('shows uploaded audio (no workspace) only to those who see every workspace', async () => {
    for (const caller of callers) {
      const res = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${uploadRecordingId}`, caller.as);
      const expected = SEES_EVERY_WORKSPACE.calls.includes(caller.role) ? 200 : 404;
      expect([caller.name, res.statusCode]).toEqual([caller.name, expected]);
      if (expected === 404) expect(res.json().code).toBe('recording.not_found');
    }
  });

  it('refuses a playback URL for a hidden recording, and audits nothing for it', async () => {
    const outsider = callers.find((c) => c.name === 'member in Sales only')!;
    const [before] = await t.rows(`select count(*)::int as n from audit_logs where action = 'recording.playback_issued'`);
    const res = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${recordingId}/playback-url`, outsider.as, {});
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('recording.not_found');
    const [after] = await t.rows(`select count(*)::int as n from audit_logs where action = 'recording.playback_issued'`);
    expect(after!.n).toBe(before!.n);
    const insider = callers.find((c) => c.name === 'member in Support')!;
    expect(
      (await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${recordingId}/playback-url`, insider.as, {})).statusCode,
    ).toBe(201);
  });

  it('lets an agent place calls only from a workspace they belong to', async () => {
    const outsider = callers.find((c) => c.name === 'agent in Sales only')!;
    const res = await t.request('POST', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/calls`, outsider.as, {
      to: '+14155550123',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('workspace.not_found');
    expect(fake.requestsTo(`/2010-04-01/Accounts/${w.accountSid}/Calls.json`, 'POST')).toHaveLength(0);
  });
});
