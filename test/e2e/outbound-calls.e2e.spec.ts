import { ReconcileCallsJob } from '@modules/telephony';
import { FakeTwilioServer, fakeCall, twilioError } from '../fakes/fake-twilio-server';
import { authToken, callSid, hex, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Click-to-call, account verification and reconciliation against a scripted fake of
 * Twilio's REST API: what Twilio is asked, what each of its failures becomes for the
 * client, and that a failure never leaves a call behind.
 */

const CUSTOMER = '+12065550143';

const callsPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}/Calls.json`;
const callPath = (accountSid: string, sid: string) => `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`;
const accountPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}.json`;

describe('outbound calls through Twilio', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  let w: TelephonyWorkspace;
  let callsUrl: string;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t, { number: '+14155553001' });
    callsUrl = `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/calls`;
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const start = (headers: Record<string, string> = {}) =>
    t.request('POST', callsUrl, { apiKey: w.apiKey }, { to: CUSTOMER, agentUserId: w.agent.id }, headers);

  const created = (sid: string) => ({
    status: 201,
    body: fakeCall({ sid, account_sid: w.accountSid, to: `client:${w.identity}`, from: w.number, status: 'queued' }),
  });

  async function callCount(): Promise<number> {
    const [row] = await t.rows('select count(*)::int as n from calls where workspace_id = $1', [w.workspaceId]);
    return Number(row!.n);
  }

  /** Twilio answered `answers` for the create; the client gets `status` and `code`, and no call is left behind. */
  async function expectFailure(answers: Parameters<FakeTwilioServer['script']>[2], status: number, code: string, attempts: number) {
    fake.script('POST', callsPath(w.accountSid), answers);
    const before = await callCount();
    const r = await start({ 'idempotency-key': `fail-${hex(8)}` });
    expect({ status: r.statusCode, code: r.json().code }).toEqual({ status, code });
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(fake.requestsTo(callsPath(w.accountSid), 'POST')).toHaveLength(attempts);
    expect(await callCount()).toBe(before);
    expect(r.body).not.toContain(w.authToken);
    return r;
  }

  it('creates the call: Twilio rings the agent from the workspace number, then fetches our TwiML', async () => {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [created(sid)]);
    const r = await start();
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ callSid: sid, direction: 'outbound', to: CUSTOMER, from: w.number, agentUserId: w.agent.id });

    const [sent] = fake.requestsTo(callsPath(w.accountSid), 'POST');
    expect(sent!.authUser).toBe(w.accountSid);
    expect(sent!.authHasPassword).toBe(true);
    expect(sent!.form).toMatchObject({
      To: `client:${w.identity}`,
      From: w.number,
      Url: 'https://switchboard.test/webhooks/twilio/voice',
      Method: 'POST',
      StatusCallback: 'https://switchboard.test/webhooks/twilio/status',
    });
    expect(sent!.form.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed']);

    const [row] = await t.rows('select direction, from_number, to_number, agent_user_id, phone_number_id from calls where call_sid = $1', [
      sid,
    ]);
    expect(row).toEqual({
      direction: 'outbound',
      from_number: w.number,
      to_number: CUSTOMER,
      agent_user_id: w.agent.id,
      phone_number_id: w.numberId,
    });
  });

  it('replays an Idempotency-Key without asking Twilio a second time', async () => {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [created(sid), created(callSid())]);
    const key = `click-${hex(8)}`;
    const first = await start({ 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const again = await start({ 'idempotency-key': key });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(fake.requestsTo(callsPath(w.accountSid), 'POST')).toHaveLength(1);
    expect(await t.rows('select id from calls where call_sid = $1', [sid])).toHaveLength(1);
  });

  it("turns Twilio's invalid number (21211) into 422 twilio.invalid_number, without retrying", async () => {
    await expectFailure([twilioError(400, 21211)], 422, 'twilio.invalid_number', 1);
  });

  it("turns Twilio's refusal of our credentials (401, 20003) into 502 twilio.auth_failed, without retrying", async () => {
    await expectFailure(
      [{ ...twilioError(401, 20003), headers: { 'www-authenticate': 'Basic realm="Twilio API"' } }],
      502,
      'twilio.auth_failed',
      1,
    );
  });

  it('waits out a 429 and succeeds on the next attempt', async () => {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [twilioError(429, 20429), created(sid)]);
    const r = await start();
    expect(r.statusCode).toBe(201);
    expect(r.json().callSid).toBe(sid);
    expect(fake.requestsTo(callsPath(w.accountSid), 'POST')).toHaveLength(2);
    expect(await t.rows('select id from calls where call_sid = $1', [sid])).toHaveLength(1);
  });

  it('gives up after its bounded attempts when Twilio keeps failing: 502 twilio.unavailable, quickly', async () => {
    const began = Date.now();
    await expectFailure([twilioError(500)], 502, 'twilio.unavailable', 4);
    // Four attempts with full-jitter delays under 200, 400 and 800 ms.
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('frees the Idempotency-Key of a failed attempt, so the client can try again', async () => {
    const key = `retry-${hex(8)}`;
    fake.script('POST', callsPath(w.accountSid), [twilioError(400, 21211)]);
    expect((await start({ 'idempotency-key': key })).statusCode).toBe(422);
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [created(sid)]);
    const r = await start({ 'idempotency-key': key });
    expect(r.statusCode).toBe(201);
    expect(r.json().callSid).toBe(sid);
  });

  it('bridges the answered agent to the customer, with the workspace number as caller ID', async () => {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [created(sid)]);
    expect((await start()).statusCode).toBe(201);
    // The agent picked up: Twilio fetches the TwiML of the call it placed.
    const r = await twilioPost(
      t,
      '/webhooks/twilio/voice',
      {
        AccountSid: w.accountSid,
        ApiVersion: '2010-04-01',
        CallSid: sid,
        CallStatus: 'in-progress',
        Direction: 'outbound-api',
        From: w.number,
        Caller: w.number,
        To: `client:${w.identity}`,
        Called: `client:${w.identity}`,
      },
      w.authToken,
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/xml');
    expect(r.body).toContain('<Dial');
    expect(r.body).toContain(`callerId="${w.number}"`);
    expect(r.body).toMatch(new RegExp(`<Number[^>]*>\\${CUSTOMER}</Number>`));
    expect(r.body).toContain('statusCallback="https://switchboard.test/webhooks/twilio/status"');
    // Signed by anyone else, the same request is refused.
    const forged = await twilioPost(
      t,
      '/webhooks/twilio/voice',
      { AccountSid: w.accountSid, CallSid: sid, Direction: 'outbound-api', From: w.number, To: `client:${w.identity}` },
      authToken(),
    );
    expect(forged.statusCode).toBe(403);
  });
});

describe('Twilio account verification', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function workspace() {
    const { orgId, apiKey } = await t.organization();
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'Sales' });
    expect(ws.statusCode).toBe(201);
    return { orgId, apiKey, url: `/v1/organizations/${orgId}/workspaces/${ws.json().id}/twilio`, workspaceId: ws.json().id as string };
  }

  const settings = (accountSid: string, token: string) => ({
    accountSid,
    authToken: token,
    apiKeySid: `SK${hex(32)}`,
    apiKeySecret: hex(32),
    twimlAppSid: `AP${hex(32)}`,
    verify: true,
  });

  it('stores the account with verifiedAt once Twilio accepts the credentials', async () => {
    const { apiKey, url } = await workspace();
    const sid = `AC${hex(32)}`;
    const token = authToken();
    fake
      .expectCredentials(sid, token)
      .script('GET', accountPath(sid), [{ status: 200, body: { sid, friendly_name: 'Sales', status: 'active' } }]);
    const r = await t.request('PUT', url, { apiKey }, settings(sid, token));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accountSid: sid, authTokenSet: true });
    expect(Date.parse(r.json().verifiedAt)).not.toBeNaN();
    expect(fake.requestsTo(accountPath(sid), 'GET')).toHaveLength(1);
  });

  it('refuses credentials Twilio rejects with 422 twilio.invalid_credentials, and stores nothing', async () => {
    const { apiKey, url, workspaceId } = await workspace();
    const sid = `AC${hex(32)}`;
    fake.expectCredentials(sid, authToken()).script('GET', accountPath(sid), [{ status: 200, body: { sid } }]);
    const r = await t.request('PUT', url, { apiKey }, settings(sid, authToken()));
    expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 422, code: 'twilio.invalid_credentials' });
    expect(await t.rows('select workspace_id from twilio_accounts where workspace_id = $1', [workspaceId])).toEqual([]);
    expect((await t.request('GET', url, { apiKey })).json().code).toBe('twilio.not_configured');
    expect(
      await t.rows(`select action from audit_logs where resource_type = 'twilio_account' and resource_id = $1`, [workspaceId]),
    ).toEqual([]);
  });

  it('keeps the working account when a change of credentials is refused', async () => {
    const { apiKey, url, workspaceId } = await workspace();
    const sid = `AC${hex(32)}`;
    const good = authToken();
    fake.expectCredentials(sid, good).script('GET', accountPath(sid), [{ status: 200, body: { sid } }]);
    expect((await t.request('PUT', url, { apiKey }, settings(sid, good))).statusCode).toBe(200);
    const [before] = await t.rows('select * from twilio_accounts where workspace_id = $1', [workspaceId]);
    const r = await t.request('PUT', url, { apiKey }, settings(sid, authToken()));
    expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 422, code: 'twilio.invalid_credentials' });
    expect(await t.rows('select * from twilio_accounts where workspace_id = $1', [workspaceId])).toEqual([before]);
  });
});

describe('reconciling calls whose callbacks never came', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  let w: TelephonyWorkspace;
  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t, { number: '+14155553002' });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function placeCall(): Promise<{ sid: string; id: string }> {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [{ status: 201, body: fakeCall({ sid, account_sid: w.accountSid, status: 'queued' }) }]);
    const r = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/calls`,
      { apiKey: w.apiKey },
      { to: CUSTOMER, agentUserId: w.agent.id },
    );
    expect(r.statusCode).toBe(201);
    return { sid, id: r.json().id };
  }

  const staleFor = (sid: string, seconds: number) =>
    t.rows(`update calls set updated_at = now() - make_interval(secs => $2) where call_sid = $1`, [sid, seconds]);

  const audit = async (id: string) =>
    (await t.rows(`select action from audit_logs where resource_type = 'call' and resource_id = $1 order by occurred_at, id`, [id])).map(
      (r) => r.action,
    );

  it('settles a call left open past CALL_RECONCILE_AFTER_SECONDS from what Twilio says, once', async () => {
    const { sid, id } = await placeCall();
    const fresh = await placeCall();
    await staleFor(sid, t.config.callReconcileAfterSeconds + 60);
    fake.script('GET', callPath(w.accountSid, sid), [
      {
        status: 200,
        body: fakeCall({
          sid,
          account_sid: w.accountSid,
          status: 'completed',
          duration: '42',
          start_time: 'Thu, 12 Feb 2026 11:48:41 +0000',
          end_time: 'Thu, 12 Feb 2026 11:49:23 +0000',
        }),
      },
    ]);

    expect(await t.app.get(ReconcileCallsJob).run()).toBe(1);
    // Only the stale call was looked up.
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([callPath(w.accountSid, sid)]);
    const detail = (await t.request('GET', `/v1/organizations/${w.orgId}/calls/${id}`, { apiKey: w.apiKey })).json();
    expect(detail).toMatchObject({ status: 'completed', durationSeconds: 42, endedAt: '2026-02-12T11:49:23.000Z' });
    expect((await audit(id)).filter((a) => a === 'call.completed')).toHaveLength(1);

    // Settled calls are not fetched again; the fresh one is left alone.
    expect(await t.app.get(ReconcileCallsJob).run()).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect((await audit(id)).filter((a) => a === 'call.completed')).toHaveLength(1);
    const [open] = await t.rows('select status from calls where id = $1', [fresh.id]);
    expect(open!.status).toBe('queued');
  });

  it('moves on when Twilio cannot tell about one call, and settles the others', async () => {
    const broken = await placeCall();
    const ok = await placeCall();
    await staleFor(broken.sid, t.config.callReconcileAfterSeconds + 120);
    await staleFor(ok.sid, t.config.callReconcileAfterSeconds + 60);
    fake.script('GET', callPath(w.accountSid, broken.sid), [twilioError(404, 20404)]);
    fake.script('GET', callPath(w.accountSid, ok.sid), [
      {
        status: 200,
        body: fakeCall({
          sid: ok.sid,
          account_sid: w.accountSid,
          status: 'no-answer',
          duration: '0',
          end_time: 'Thu, 12 Feb 2026 12:00:00 +0000',
        }),
      },
    ]);
    expect(await t.app.get(ReconcileCallsJob).run()).toBe(1);
    const [settled] = await t.rows('select status from calls where id = $1', [ok.id]);
    expect(settled!.status).toBe('no_answer');
    const [left] = await t.rows('select status from calls where id = $1', [broken.id]);
    expect(left!.status).toBe('queued');
    expect(await audit(ok.id)).toContain('call.failed');
  });
});
