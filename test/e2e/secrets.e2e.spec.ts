import { ReconcileCallsJob } from '@modules/telephony';
import { FakeTwilioServer, fakeCall, twilioError } from '../fakes/fake-twilio-server';
import { accountSid as newAccountSid, authToken as newAuthToken, callSid, hex, samples, twilioPost } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ENCRYPTION_KEY } from '../support/test-environment';
import { PERMISSIONS } from '@domain/tenancy/roles';

/**
 * A telephony flow with every log line on (level trace): the Twilio auth tokens, the API key
 * secret and the issued sb_live_ keys must appear in no log line, and in no column of any
 * table (the service's and pg-boss's), where they are sealed or hashed, never in clear.
 */

interface Captured {
  lines: string[];
  restore(): void;
}

/** Captures what reaches stdout and stderr (where pino writes) and the console, until restored. */
function capture(): Captured {
  const lines: string[] = [];
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = consoleMethods.map((m) => console[m]);
  const keep =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      const quiet = process.env.TEST_SHOW_LOGS !== '1';
      return quiet ? true : (original as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    };
  process.stdout.write = keep(stdout) as typeof process.stdout.write;
  process.stderr.write = keep(stderr) as typeof process.stderr.write;
  for (const m of consoleMethods)
    console[m] = (...args: unknown[]) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return {
    lines,
    restore() {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      consoleMethods.forEach((m, i) => (console[m] = originals[i]!));
    },
  };
}

describe('secrets stay secret: logs at level trace, and the whole database', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  let logs: Captured;
  const secrets = new Map<string, string>();

  const keep = (name: string, value: string) => {
    expect(value.length).toBeGreaterThanOrEqual(16);
    secrets.set(name, value);
    return value;
  };

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    logs = capture();
    try {
      t = await startTestApp({ env: { LOG_LEVEL: 'trace', TWILIO_API_BASE_URL: fake.baseUrl } });
      // Nest buffers what its Logger says until the server listens (main.ts does; tests inject): print it now.
      t.app.flushLogs();
      await flow();
    } finally {
      await t?.close();
      logs.restore();
    }
  });
  afterAll(async () => {
    logs?.restore();
    await fake?.close();
  });

  let dump = '';
  /** An API key created with an Idempotency-Key: checked in the logs with the others, in the database apart. */
  let idempotentKey = '';

  /** Sets up a workspace against the fake Twilio, takes and places calls, rotates the token, fails a few ways. */
  async function flow(): Promise<void> {
    const { orgId, apiKey, owner } = await t.organization('Secretive');
    keep('organization API key', apiKey);
    expect(apiKey.startsWith('sb_live_')).toBe(true);
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'Support' });
    const workspaceId = ws.json().id as string;
    const base = `/v1/organizations/${orgId}/workspaces/${workspaceId}`;

    const scopes = PERMISSIONS.filter((p) => p !== 'organizations:delete');
    const second = await t.request('POST', `/v1/organizations/${orgId}/api-keys`, { token: owner.token }, { name: 'integration', scopes });
    expect(second.statusCode).toBe(201);
    keep('second API key', second.json().key);
    // A third, created the way a careful client does it: with an Idempotency-Key (see the known bug below).
    const third = await t.request(
      'POST',
      `/v1/organizations/${orgId}/api-keys`,
      { token: owner.token },
      { name: 'careful', scopes },
      { 'idempotency-key': `key-${hex(6)}` },
    );
    expect(third.statusCode).toBe(201);
    idempotentKey = third.json().key;

    const sid = newAccountSid();
    const token = keep('auth token', newAuthToken());
    const apiKeySecret = keep('API key secret', hex(32));
    const twimlAppSid = `AP${hex(32)}`;
    keep('Basic credentials sent to Twilio', Buffer.from(`${sid}:${token}`).toString('base64'));

    // Verification: refused once (logged as a failure), then accepted.
    fake.script('GET', `/2010-04-01/Accounts/${sid}.json`, [
      { ...twilioError(401, 20003) },
      { status: 200, body: { sid, status: 'active' } },
    ]);
    const refused = await t.request(
      'PUT',
      `${base}/twilio`,
      { apiKey },
      { accountSid: sid, authToken: token, apiKeySid: `SK${hex(32)}`, apiKeySecret, twimlAppSid, verify: true },
    );
    expect(refused.statusCode).toBe(422);
    const put = await t.request(
      'PUT',
      `${base}/twilio`,
      { apiKey },
      { accountSid: sid, authToken: token, apiKeySid: `SK${hex(32)}`, apiKeySecret, twimlAppSid, verify: true },
    );
    expect(put.statusCode).toBe(200);
    // A malformed request carrying the token is refused, and the token is not echoed.
    const malformed = await t.request('PUT', `${base}/twilio`, { apiKey }, { accountSid: 'nope', authToken: token, verify: false });
    expect(malformed.statusCode).toBeGreaterThanOrEqual(400);
    expect(malformed.body).not.toContain(token);

    const number = '+14155554001';
    const added = await t.request('POST', `${base}/phone-numbers`, { apiKey }, { phoneNumber: number, twilioSid: `PN${hex(32)}` });
    expect(added.statusCode).toBe(201);
    const agent = await t.user();
    await t.request('GET', '/v1/me', { token: agent.token });
    await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: agent.id, role: 'agent' });
    await t.request('PUT', `${base}/members/${agent.id}`, { apiKey }, { role: 'member' });
    const identity = `agent_${hex(6)}`;
    expect(
      (await t.request('POST', `${base}/agents`, { apiKey }, { userId: agent.id, identity, availability: 'available' })).statusCode,
    ).toBe(201);
    await t.request('PUT', `${base}/phone-numbers/${added.json().id}/agents/${agent.id}`, { apiKey }, {});

    // The agent's softphone token is signed with the API key secret.
    const softphone = await t.request('POST', `${base}/softphone-token`, { token: agent.token });
    expect(softphone.statusCode).toBe(201);
    expect(softphone.body).not.toContain(apiKeySecret);

    // An inbound call, its agent leg, and their callbacks.
    const inbound = { ...samples.incoming_voice_call.params, AccountSid: sid, To: number, Called: number, CallSid: callSid() };
    expect((await twilioPost(t, '/webhooks/twilio/voice', inbound, token)).statusCode).toBe(200);
    const leg = callSid();
    for (const e of samples.status_callbacks_outbound_api_call.events) {
      const params = {
        ...samples.status_callbacks_outbound_api_call._common,
        AccountSid: sid,
        CallSid: leg,
        ParentCallSid: inbound.CallSid,
        To: `client:${identity}`,
        ...e,
      };
      expect((await twilioPost(t, '/webhooks/twilio/status', params, token)).statusCode).toBe(204);
    }
    // A forged one, refused.
    expect((await twilioPost(t, '/webhooks/twilio/voice', { ...inbound, CallSid: callSid() }, newAuthToken())).statusCode).toBe(403);

    // Click-to-call: Twilio fails once (a retry is logged), then places it; another attempt is refused outright.
    const placed = callSid();
    fake.script('POST', `/2010-04-01/Accounts/${sid}/Calls.json`, [
      twilioError(500),
      { status: 201, body: fakeCall({ sid: placed, account_sid: sid }) },
    ]);
    const click = await t.request(
      'POST',
      `${base}/calls`,
      { apiKey },
      { to: '+12065550143', agentUserId: agent.id },
      { 'idempotency-key': `click-${hex(6)}` },
    );
    expect(click.statusCode).toBe(201);
    fake.script('POST', `/2010-04-01/Accounts/${sid}/Calls.json`, [twilioError(401, 20003)]);
    expect((await t.request('POST', `${base}/calls`, { apiKey }, { to: '+12065550143', agentUserId: agent.id })).statusCode).toBe(502);

    // Reconciliation fetches the placed call (Twilio fails to answer it: logged, skipped).
    await t.rows(`update calls set updated_at = now() - interval '30 days' where call_sid = $1`, [placed]);
    fake.script('GET', `/2010-04-01/Accounts/${sid}/Calls/${placed}.json`, [twilioError(401, 20003)]);
    expect(await t.app.get(ReconcileCallsJob).run()).toBe(0);

    // The token is rotated: the old one is kept (sealed) for the window.
    const rotated = keep('rotated auth token', newAuthToken());
    fake.script('GET', `/2010-04-01/Accounts/${sid}.json`, [{ status: 200, body: { sid, status: 'active' } }]);
    expect(
      (
        await t.request(
          'PUT',
          `${base}/twilio`,
          { apiKey },
          { accountSid: sid, authToken: rotated, apiKeySid: `SK${hex(32)}`, apiKeySecret, twimlAppSid, verify: true },
        )
      ).statusCode,
    ).toBe(200);
    expect((await twilioPost(t, '/webhooks/twilio/voice', { ...inbound, CallSid: callSid() }, token)).statusCode).toBe(200);

    // Requests with a wrong or revoked key are logged too.
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { apiKey: `${apiKey.slice(0, -4)}abcd` })).statusCode).toBe(401);
    await t.sealAudit();

    dump = await databaseDump();
    expect(dump).toContain(sid);
  }

  /** Every row of every table of the service and of pg-boss, as JSON. */
  async function databaseDump(): Promise<string> {
    const tables = await t.rows(`select schemaname, tablename from pg_tables where schemaname in ('public', 'pgboss') order by 1, 2`);
    expect(tables.map((r) => `${String(r.schemaname)}.${String(r.tablename)}`)).toEqual(
      expect.arrayContaining(['public.twilio_accounts', 'public.api_keys', 'public.audit_logs', 'public.idempotency_keys', 'public.calls']),
    );
    expect(tables.some((r) => r.schemaname === 'pgboss')).toBe(true);
    const out: string[] = [];
    for (const { schemaname, tablename } of tables) {
      const rows = await t.rows(`select row_to_json(t)::text as j from "${String(schemaname)}"."${String(tablename)}" t`);
      for (const r of rows) out.push(`${String(schemaname)}.${String(tablename)} ${String(r.j)}`);
    }
    return out.join('\n');
  }

  const found = (haystack: string[]) =>
    [...secrets].flatMap(([name, value]) =>
      haystack.filter((line) => line.includes(value)).map((line) => `${name} in: ${line.slice(0, 300)}`),
    );

  it('logged the flow at level trace (the capture works)', () => {
    const entries = logs.lines
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(entries.length).toBeGreaterThan(30);
    const text = entries.join('\n');
    expect(text).toContain('/webhooks/twilio/voice');
    expect(text).toContain('/webhooks/twilio/status');
    expect(text).toContain('/twilio');
    expect(text).toMatch(/retrying in \d+ ms/);
    expect(text).toContain('could not reconcile call');
  });

  it('writes none of the secrets in any log line', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(6);
    expect(found(logs.lines)).toEqual([]);
    expect(idempotentKey.startsWith('sb_live_')).toBe(true);
    expect(logs.lines.filter((l) => l.includes(idempotentKey))).toEqual([]);
    // Nor the encryption key that seals them.
    expect(logs.lines.filter((l) => l.includes(TEST_ENCRYPTION_KEY))).toEqual([]);
  });

  it('stores none of the secrets in clear, in any table', () => {
    expect(found(dump.split('\n'))).toEqual([]);
    expect(dump).not.toContain(TEST_ENCRYPTION_KEY);
  });

  // The idempotency store keeps the first answer to replay it; the answer to POST /api-keys carries
  // the new key, so stored answers are sealed.
  it('stores no API key created with an Idempotency-Key in clear either', () => {
    expect(idempotentKey.startsWith('sb_live_')).toBe(true);
    expect(
      dump
        .split('\n')
        .filter((line) => line.includes(idempotentKey))
        .map((line) => line.slice(0, 40)),
    ).toEqual([]);
  });
});
