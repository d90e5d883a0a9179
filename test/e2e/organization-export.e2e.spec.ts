import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { startTestApp, type Credentials, type TestApp, type TestUser } from '../support/test-app';
import { pcmWav } from '../support/audio';
import { callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

jest.setTimeout(600_000);

const NDJSON = { accept: 'application/x-ndjson' };
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The table behind each kind, and how it names the organization. */
const TABLES: Record<string, { table: string; org?: string }> = {
  organization: { table: 'organizations', org: 'id' },
  domain_claim: { table: 'organization_domains' },
  member: { table: 'organization_members' },
  invitation: { table: 'organization_invitations' },
  workspace: { table: 'workspaces' },
  workspace_member: { table: 'workspace_members' },
  api_key: { table: 'api_keys' },
  twilio_account: { table: 'twilio_accounts' },
  phone_number: { table: 'phone_numbers' },
  agent: { table: 'agents' },
  agent_number: { table: 'agent_numbers' },
  call: { table: 'calls' },
  call_participant: { table: 'call_participants' },
  recording_pause: { table: 'call_recording_pauses' },
  recording: { table: 'recordings' },
  conversation: { table: 'conversations' },
  analysis: { table: 'analyses' },
  analysis_result: { table: 'analysis_results' },
  scoring_config: { table: 'scoring_configs' },
  webhook_endpoint: { table: 'webhook_endpoints' },
  notification: { table: 'notifications' },
  audit_log: { table: 'audit_logs' },
};

interface Line {
  kind: string;
  data: Record<string, unknown>;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function wav(fill: number): Buffer {
  return pcmWav({ frames: 800, sample: (i) => ((i * fill) % 2000) - 1000 });
}

function multipart(file: Buffer, filename: string): { payload: Buffer; contentType: string } {
  const boundary = `----export-test-${sha256(filename).slice(0, 16)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** An organization with a Twilio account, a number, an agent, an inbound call, uploaded recordings with their analyses and a webhook endpoint. */
async function seed(t: TestApp, audio: Buffer[]): Promise<TelephonyWorkspace & { webhookSecret: string; recordingIds: string[] }> {
  const w = await telephonyWorkspace(t);
  const voice = await twilioPost(
    t,
    '/webhooks/twilio/voice',
    { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() },
    w.authToken,
  );
  expect(voice.statusCode).toBe(200);
  const recordingIds: string[] = [];
  for (const [i, file] of audio.entries()) {
    const { payload, contentType } = multipart(file, `call-${i}.wav`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${w.orgId}/analyses`,
      headers: { 'x-api-key': w.apiKey, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(201);
    recordingIds.push(res.json().recordingId as string);
  }
  await t.drain(PROCESS_ANALYSIS_QUEUE);
  const hook = await t.request(
    'POST',
    `/v1/organizations/${w.orgId}/webhook-endpoints`,
    { apiKey: w.apiKey },
    { url: 'https://127.0.0.1:9/hook' },
  );
  expect(hook.statusCode).toBe(201);
  return { ...w, webhookSecret: hook.json().secret as string, recordingIds };
}

function parse(body: string): Line[] {
  expect(body.endsWith('\n')).toBe(true);
  return body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

describe('organization export', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof seed>>;
  let b: Awaited<ReturnType<typeof seed>>;
  const audio = [wav(7), wav(13)];
  const url = () => `/v1/organizations/${a.orgId}/export`;

  async function orgUser(orgId: string, apiKey: string, role: string): Promise<TestUser> {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    const added = await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: user.id, role });
    expect(added.statusCode).toBe(201);
    return user;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true', RATE_LIMIT_PER_MINUTE: '0' } });
    a = await seed(t, audio);
    b = await seed(t, [wav(29)]);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('streams every record of the organization once, typed, with fetchable recording links, and audits the export first', async () => {
    const res = await t.request('GET', url(), { token: a.owner.token }, undefined, NDJSON);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = parse(res.body);

    // Every row of every table, once per kind: counts match SQL, keys are unique.
    const byKind = new Map<string, Line[]>();
    for (const line of lines) byKind.set(line.kind, [...(byKind.get(line.kind) ?? []), line]);
    expect([...byKind.keys()].filter((k) => !TABLES[k])).toEqual([]);
    for (const [kind, { table, org }] of Object.entries(TABLES)) {
      const [{ n }] = (await t.rows(`select count(*)::int as n from ${table} where ${org ?? 'organization_id'} = $1`, [a.orgId])) as [
        { n: number },
      ];
      expect([kind, byKind.get(kind)?.length ?? 0]).toEqual([kind, n]);
      const keys = (byKind.get(kind) ?? []).map((l) =>
        JSON.stringify([l.data.id, l.data.userId, l.data.workspaceId, l.data.phoneNumberId, l.data.version]),
      );
      expect(new Set(keys).size).toBe(keys.length);
    }
    for (const kind of [
      'organization',
      'member',
      'workspace',
      'api_key',
      'twilio_account',
      'phone_number',
      'agent',
      'call',
      'call_participant',
      'recording',
      'analysis',
      'analysis_result',
      'webhook_endpoint',
      'audit_log',
    ]) {
      expect([kind, (byKind.get(kind)?.length ?? 0) > 0]).toEqual([kind, true]);
    }
    // Kinds come in a fixed order, each in one run.
    const runs = lines.map((l) => l.kind).filter((k, i, all) => i === 0 || all[i - 1] !== k);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs[0]).toBe('organization');
    expect(runs[runs.length - 1]).toBe('audit_log');

    // Recordings: a signed link valid an hour, whose bytes hash to the recording's sha256.
    const stored = (byKind.get('recording') ?? []).filter((l) => l.data.status === 'stored');
    expect(stored.map((l) => l.data.id).sort()).toEqual([...a.recordingIds].sort());
    for (const { data } of stored) {
      expect(typeof data.playbackUrl).toBe('string');
      const ttl = new Date(data.playbackUrlExpiresAt as string).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(55 * 60_000);
      expect(ttl).toBeLessThanOrEqual(60 * 60_000);
      const got = await t.app.inject({ method: 'GET', url: (data.playbackUrl as string).replace(t.config.publicBaseUrl, '') });
      expect(got.statusCode).toBe(200);
      expect(sha256(got.rawPayload)).toBe(data.sha256);
    }
    expect(audio.map((f) => sha256(f)).sort()).toEqual(stored.map((l) => l.data.sha256).sort());

    // The export is on the audit trail, with who and when, committed before the stream (so it is in it).
    const audited = await t.rows(
      `select id, actor_type, actor_id, changes from audit_logs where organization_id = $1 and action = 'organization.exported'`,
      [a.orgId],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_type: 'user', actor_id: a.owner.id });
    expect((audited[0]!.changes as { after: Record<string, unknown> }).after).toMatchObject({
      exportedBy: a.owner.id,
      exportedByType: 'user',
    });
    expect((byKind.get('audit_log') ?? []).some((l) => l.data.id === audited[0]!.id)).toBe(true);
  });

  it('never carries a secret, a key hash, or another organization', async () => {
    const res = await t.request('GET', url(), { apiKey: a.apiKey }, undefined, { accept: 'application/x-ndjson, */*;q=0.1' });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const secrets: string[] = [a.authToken, a.apiKey, a.webhookSecret];
    for (const r of await t.rows(
      'select auth_token_sealed, auth_token_fingerprint, previous_auth_token_sealed, api_key_secret_sealed from twilio_accounts where organization_id = $1',
      [a.orgId],
    ))
      secrets.push(...(Object.values(r).filter((v) => typeof v === 'string') as string[]));
    for (const r of await t.rows('select key_hash from api_keys where organization_id = $1', [a.orgId])) secrets.push(r.key_hash as string);
    for (const r of await t.rows('select secret_sealed, previous_secret_sealed from webhook_endpoints where organization_id = $1', [
      a.orgId,
    ]))
      secrets.push(...(Object.values(r).filter((v) => typeof v === 'string') as string[]));
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(body.includes(secret)).toBe(false);
    for (const field of [
      'keyHash',
      'authTokenSealed',
      'authTokenFingerprint',
      'apiKeySecretSealed',
      'secretSealed',
      'previousSecretSealed',
    ])
      expect(body.includes(`"${field}"`)).toBe(false);

    // The other organization: none of its ids anywhere.
    const foreign = [b.orgId, b.workspaceId, b.numberId, b.accountSid, b.number, ...b.recordingIds];
    for (const r of await t.rows(
      'select id from calls where organization_id = $1 union all select id from analyses where organization_id = $1 union all select id from audit_logs where organization_id = $1',
      [b.orgId],
    ))
      foreign.push(r.id as string);
    expect(foreign.length).toBeGreaterThan(10);
    for (const id of foreign) expect([id, body.includes(id)]).toEqual([id, false]);
    for (const line of parse(body)) if (line.kind !== 'organization') expect(line.data.organizationId).toBe(a.orgId);
  });

  it('is for owners and admins only: 403 for members, agents and reviewers, 404 for outsiders, 406 without the media type', async () => {
    const admin = await orgUser(a.orgId, a.apiKey, 'admin');
    expect((await t.request('GET', url(), { token: admin.token }, undefined, NDJSON)).statusCode).toBe(200);
    for (const role of ['member', 'agent', 'reviewer']) {
      const user = await orgUser(a.orgId, a.apiKey, role);
      const res = await t.request('GET', url(), { token: user.token }, undefined, NDJSON);
      expect([role, res.statusCode]).toEqual([role, 403]);
    }
    expect((await t.request('GET', url(), { token: a.agent.token }, undefined, NDJSON)).statusCode).toBe(403);
    const outsiders: Credentials[] = [{ token: b.owner.token }, { apiKey: b.apiKey }];
    for (const as of outsiders) expect((await t.request('GET', url(), as, undefined, NDJSON)).statusCode).toBe(404);
    const before = await t.rows(
      `select count(*)::int as n from audit_logs where organization_id = $1 and action = 'organization.exported'`,
      [a.orgId],
    );
    const plain = await t.request('GET', url(), { token: a.owner.token });
    expect(plain.statusCode).toBe(406);
    expect(plain.json().code).toBe('export.not_acceptable');
    // Refused requests are not exports.
    expect(
      await t.rows(`select count(*)::int as n from audit_logs where organization_id = $1 and action = 'organization.exported'`, [a.orgId]),
    ).toEqual(before);
  });
});

describe('organization export memory', () => {
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('streams 100,000 rows with flat memory', async () => {
    t = await startTestApp();
    const { orgId, apiKey } = await t.organization('Big');
    const inserted = Date.now();
    for (let offset = 0; offset < 100_000; offset += 20_000) {
      await t.rows(
        `insert into audit_logs (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id)
         select $1::uuid, gen_random_uuid(), gen_random_uuid(), now(), 'system', null, 'test.row_written', 'test', 'r-' || g,
           jsonb_build_object('after', jsonb_build_object('n', g, 'note', 'row ' || g)), null, 'jest', null
         from generate_series($2::int, $3::int) g`,
        [orgId, offset + 1, offset + 20_000],
      );
    }
    const insertMs = Date.now() - inserted;
    const [{ n: expected }] = (await t.rows('select count(*)::int as n from audit_logs where organization_id = $1', [orgId])) as [
      { n: number },
    ];

    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    collectGarbage();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let samples = 0;
    const sampler = setInterval(() => {
      if (++samples % 10 === 0) {
        collectGarbage();
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
    }, 20);
    const started = Date.now();
    const { lines, bytes, auditLines } = await new Promise<{ lines: number; bytes: number; auditLines: number }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `/v1/organizations/${orgId}/export`, headers: { 'x-api-key': apiKey, ...NDJSON } },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          let n = 0;
          let audit = 0;
          let size = 0;
          let tail = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            size += Buffer.byteLength(chunk);
            const parts = (tail + chunk).split('\n');
            tail = parts.pop()!;
            for (const line of parts) {
              n += 1;
              if (line.startsWith('{"kind":"audit_log"')) audit += 1;
            }
          });
          res.on('end', () => resolve({ lines: n, bytes: size, auditLines: audit }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const rssMb = (peakRss - baseline.rss) / 1024 / 1024;
    const heapMb = (peakHeap - baseline.heapUsed) / 1024 / 1024;
    process.stdout.write(
      `organization export: ${lines} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} rows/s; ` +
        `RSS growth ${rssMb.toFixed(1)} MB, live heap growth ${heapMb.toFixed(1)} MB (baseline RSS ${(baseline.rss / 1024 / 1024).toFixed(0)} MB); inserted in ${insertMs} ms\n`,
    );
    // The export's own audit row was committed before the stream started.
    expect(auditLines).toBe(expected + 1);
    expect(lines).toBeGreaterThan(100_000);
    expect(rssMb).toBeLessThan(60);
    expect(heapMb).toBeLessThan(60);
  });
});
