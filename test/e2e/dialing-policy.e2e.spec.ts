import type { Clock } from '@domain/shared/clock';
import { FakeTwilioServer, fakeCall } from '../fakes/fake-twilio-server';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * Toll fraud: the organization's dialing policy, on both ways out (click-to-call through
 * Twilio's REST API, and the softphone's TwiML). A refused dial creates no call, never
 * reaches Twilio, and leaves a `call.dial_refused` audit row.
 */

const US = '+12065550143';
const PREMIUM_US = '+19005550100';
const SHARED_COST_FR = '+33810123456';
const MOBILE_FR = '+33612345678';
const LONDON = '+442079460958';
const OTTAWA = '+16135550100';

/** Noon UTC today, so a run near midnight does not cross the day the caps count. */
class MovableClock implements Clock {
  offsetMs = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12) - Date.now();
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const callsPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}/Calls.json`;

describe('outbound dialing policy', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  const clock = new MovableClock();

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl }, clock });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const orgUrl = (w: TelephonyWorkspace) => `/v1/organizations/${w.orgId}`;
  const setPolicy = async (w: TelephonyWorkspace, dialingPolicy: Record<string, unknown>) => {
    const r = await t.request('PATCH', orgUrl(w), { apiKey: w.apiKey }, { settings: { dialingPolicy } });
    expect(r.statusCode).toBe(200);
    return r;
  };

  /** Click-to-call, with Twilio ready to accept it under a fresh SID. */
  async function click(w: TelephonyWorkspace, to: string, agentUserId = w.agent.id) {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [
      { status: 201, body: fakeCall({ sid, account_sid: w.accountSid, to: `client:${w.identity}`, from: w.number, status: 'queued' }) },
    ]);
    return t.request('POST', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/calls`, { apiKey: w.apiKey }, { to, agentUserId });
  }

  /** The browser softphone of `identity` dials `to`: Twilio asks our voice webhook for TwiML. */
  async function softphone(w: TelephonyWorkspace, to: string, identity = w.identity) {
    const [acct] = await t.rows('select twiml_app_sid from twilio_accounts where workspace_id = $1', [w.workspaceId]);
    const sid = callSid();
    const r = await twilioPost(
      t,
      '/webhooks/twilio/voice',
      {
        AccountSid: w.accountSid,
        ApplicationSid: acct!.twiml_app_sid as string,
        CallSid: sid,
        From: `client:${identity}`,
        To: to,
        Direction: 'inbound',
        CallStatus: 'ringing',
        ApiVersion: '2010-04-01',
      },
      w.authToken,
    );
    expect(r.statusCode).toBe(200);
    return { sid, twiml: r.body };
  }

  /** Another agent of the workspace, available, answering for its number. */
  async function secondAgent(w: TelephonyWorkspace): Promise<{ user: TestUser; identity: string }> {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: user.id, role: 'agent' });
    await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/members/${user.id}`,
      { apiKey: w.apiKey },
      { role: 'member' },
    );
    const identity = `agent_${hex(6)}`;
    const a = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/agents`,
      { apiKey: w.apiKey },
      { userId: user.id, identity, availability: 'available' },
    );
    expect(a.statusCode).toBe(201);
    await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/phone-numbers/${w.numberId}/agents/${user.id}`,
      { apiKey: w.apiKey },
      {},
    );
    return { user, identity };
  }

  const callRows = async (w: TelephonyWorkspace) =>
    Number((await t.rows('select count(*)::int as n from calls where workspace_id = $1', [w.workspaceId]))[0]!.n);
  /** The refusals on the audit trail as its readers see them (GET /audit-logs opens the sealed destination), oldest first. */
  const refusals = async (w: TelephonyWorkspace) => {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/audit-logs?action=call.dial_refused&limit=100`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    const logs = r.json().data as {
      actorType: string;
      actorId: string | null;
      resourceType: string;
      resourceId: string;
      changes: unknown;
    }[];
    return logs.reverse().map((l) => ({
      actor_type: l.actorType,
      actor_id: l.actorId,
      resource_type: l.resourceType,
      resource_id: l.resourceId,
      changes: l.changes,
    }));
  };
  /** The dialled number is personal data: the stored audit rows hold it sealed, never in clear. */
  const storedAuditText = async (w: TelephonyWorkspace) =>
    (await t.rows(`select changes::text as c from audit_logs where organization_id = $1 and action = 'call.dial_refused'`, [w.orgId]))
      .map((r) => r.c as string)
      .join('\n');

  /** Refused on click-to-call: the problem, no call, nothing asked of Twilio. */
  async function expectClickRefused(w: TelephonyWorkspace, to: string, code: string, agentUserId = w.agent.id) {
    const before = await callRows(w);
    const r = await click(w, to, agentUserId);
    expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 403, code });
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(fake.requestsTo(callsPath(w.accountSid), 'POST')).toHaveLength(0);
    expect(await callRows(w)).toBe(before);
    fake.reset();
    return r.json();
  }

  /** Refused on the softphone: said and hung up, never dialled, no call. */
  async function expectSoftphoneRefused(w: TelephonyWorkspace, to: string, identity = w.identity) {
    const { sid, twiml } = await softphone(w, to, identity);
    expect(twiml).toMatch(/<Say>[^<]+<\/Say><Hangup\/>/);
    expect(twiml).not.toContain('<Dial');
    expect(twiml).not.toContain('<Number');
    expect(twiml).not.toContain(to);
    expect(await t.rows('select id from calls where call_sid = $1', [sid])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    return twiml;
  }

  describe('destinations', () => {
    let w: TelephonyWorkspace;
    beforeAll(async () => {
      w = await telephonyWorkspace(t);
    });

    it('shows the default policy in the organization settings', async () => {
      const r = await t.request('GET', orgUrl(w), { apiKey: w.apiKey });
      expect(r.json().settings.dialingPolicy).toEqual({
        allowedCountries: null,
        blockedPrefixes: [],
        blockedNumberTypes: ['premium_rate', 'shared_cost', 'personal_number', 'pager'],
        dailyCallsPerAgent: 200,
        dailyCallsPerWorkspace: 2000,
      });
    });

    it('still places an ordinary call in the country of its own numbers, both ways', async () => {
      const r = await click(w, US);
      expect(r.statusCode).toBe(201);
      expect(fake.requestsTo(callsPath(w.accountSid), 'POST')).toHaveLength(1);
      const { twiml } = await softphone(w, US);
      expect(twiml).toMatch(new RegExp(`<Number[^>]*>\\${US}</Number>`));
    });

    it('refuses a +1-900 premium-rate number on click-to-call (403 telephony.premium_destination) and audits it', async () => {
      const problem = await expectClickRefused(w, PREMIUM_US, 'telephony.premium_destination');
      expect(problem.details).toMatchObject({ reason: 'blocked_number_type', numberType: 'premium_rate', destination: PREMIUM_US });
      const [row] = (await refusals(w)).slice(-1);
      expect(row).toMatchObject({
        actor_type: 'api_key',
        resource_type: 'agent',
        resource_id: `${w.workspaceId}:${w.agent.id}`,
        changes: {
          after: expect.objectContaining({
            destination: PREMIUM_US,
            reason: 'blocked_number_type',
            channel: 'click_to_call',
            code: 'telephony.premium_destination',
          }),
        },
      });
      expect(await storedAuditText(w)).not.toContain(PREMIUM_US.slice(1));
    });

    it('refuses a +1-900 number on the softphone with TwiML that says why and hangs up, and audits it', async () => {
      const before = (await refusals(w)).length;
      const twiml = await expectSoftphoneRefused(w, PREMIUM_US);
      expect(twiml).toContain('This number cannot be dialled from this account.');
      const rows = await refusals(w);
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({
        actor_type: 'system',
        actor_id: 'twilio',
        changes: { after: expect.objectContaining({ destination: PREMIUM_US, channel: 'softphone' }) },
      });
    });

    it('refuses a country the organization has no number in (London, and Canada although it is +1)', async () => {
      const problem = await expectClickRefused(w, LONDON, 'telephony.destination_not_allowed');
      expect(problem.details).toMatchObject({ reason: 'country_not_allowed', country: 'GB' });
      expect((await expectClickRefused(w, OTTAWA, 'telephony.destination_not_allowed')).details).toMatchObject({ country: 'CA' });
      await expectSoftphoneRefused(w, LONDON);
    });

    it('allows the countries listed once the policy names them', async () => {
      await setPolicy(w, { allowedCountries: ['US', 'CA', 'FR'] });
      expect((await click(w, OTTAWA)).statusCode).toBe(201);
      expect((await click(w, MOBILE_FR)).statusCode).toBe(201);
      fake.reset();
      // Listing the countries replaces the default: the own numbers' country must be listed too.
      await setPolicy(w, { allowedCountries: ['FR'] });
      await expectClickRefused(w, US, 'telephony.destination_not_allowed');
      await setPolicy(w, { allowedCountries: ['US', 'FR'] });
    });

    it('refuses a shared-cost number even in an allowed country', async () => {
      const problem = await expectClickRefused(w, SHARED_COST_FR, 'telephony.premium_destination');
      expect(problem.details).toMatchObject({ numberType: 'shared_cost' });
      await expectSoftphoneRefused(w, SHARED_COST_FR);
    });

    it('refuses a blocked prefix, on both ways out', async () => {
      await setPolicy(w, { blockedPrefixes: ['+1206555'] });
      const problem = await expectClickRefused(w, US, 'telephony.destination_not_allowed');
      expect(problem.details).toMatchObject({ reason: 'blocked_prefix', prefix: '+1206555' });
      await expectSoftphoneRefused(w, US);
      // Another US number is still fine.
      expect((await click(w, '+14255550123')).statusCode).toBe(201);
      await setPolicy(w, { blockedPrefixes: [] });
    });

    it('refuses premium numbers only while the policy says so', async () => {
      await setPolicy(w, { blockedNumberTypes: [] });
      expect((await click(w, PREMIUM_US)).statusCode).toBe(201);
      fake.reset();
      await setPolicy(w, { blockedNumberTypes: ['premium_rate', 'shared_cost'] });
      await expectClickRefused(w, PREMIUM_US, 'telephony.premium_destination');
    });

    it('audits every refusal, and only refusals', async () => {
      const rows = await refusals(w);
      const channels = rows.map((r) => (r.changes as { after: { channel: string } }).after.channel);
      expect(channels.filter((c) => c === 'softphone')).toHaveLength(4);
      expect(channels.filter((c) => c === 'click_to_call').length).toBeGreaterThanOrEqual(6);
      expect(rows.every((r) => (r.changes as { after: { destination: string } }).after.destination !== '+14255550123')).toBe(true);
    });
  });

  describe('daily caps', () => {
    let w: TelephonyWorkspace;
    let other: { user: TestUser; identity: string };
    beforeAll(async () => {
      w = await telephonyWorkspace(t);
      other = await secondAgent(w);
      await setPolicy(w, { dailyCallsPerAgent: 2, dailyCallsPerWorkspace: 3 });
    });
    afterAll(() => {
      clock.offsetMs = new MovableClock().offsetMs;
    });

    it('lets an agent place N calls a day (click-to-call and softphone alike), and refuses call N+1', async () => {
      expect((await click(w, US)).statusCode).toBe(201);
      const { twiml } = await softphone(w, US);
      expect(twiml).toContain('<Dial');
      fake.reset();
      const problem = await expectClickRefused(w, US, 'telephony.daily_dial_cap_reached');
      expect(problem.details).toEqual({ reason: 'agent_daily_cap', scope: 'agent', limit: 2 });
      const said = await expectSoftphoneRefused(w, US);
      expect(said).toContain('daily limit');
    });

    it('lets another agent call until the workspace cap, then refuses everyone', async () => {
      expect((await click(w, US, other.user.id)).statusCode).toBe(201);
      fake.reset();
      const problem = await expectClickRefused(w, US, 'telephony.daily_dial_cap_reached', other.user.id);
      expect(problem.details).toEqual({ reason: 'workspace_daily_cap', scope: 'workspace', limit: 3 });
      await expectSoftphoneRefused(w, US, other.identity);
      const reasons = (await refusals(w)).map((r) => (r.changes as { after: { reason: string } }).after.reason);
      expect(reasons).toEqual(['agent_daily_cap', 'agent_daily_cap', 'workspace_daily_cap', 'workspace_daily_cap']);
    });

    it('counts again from midnight UTC', async () => {
      clock.offsetMs += 86_400_000;
      expect((await click(w, US)).statusCode).toBe(201);
    });

    it('does not count inbound calls, nor the legs that ring an agent', async () => {
      const fresh = await telephonyWorkspace(t);
      await setPolicy(fresh, { dailyCallsPerAgent: 1 });
      const inbound: Record<string, string> = {
        ...samples.incoming_voice_call.params,
        AccountSid: fresh.accountSid,
        To: fresh.number,
        Called: fresh.number,
        CallSid: callSid(),
      };
      expect((await twilioPost(t, '/webhooks/twilio/voice', inbound, fresh.authToken)).body).toContain('<Client');
      const leg = {
        ...samples.status_callbacks_outbound_api_call._common,
        ...samples.status_callbacks_outbound_api_call.events[0],
        AccountSid: fresh.accountSid,
        CallSid: callSid(),
        ParentCallSid: inbound.CallSid,
        To: `client:${fresh.identity}`,
        From: inbound.From,
        Direction: 'outbound-dial',
      };
      expect((await twilioPost(t, '/webhooks/twilio/status', leg, fresh.authToken)).statusCode).toBe(204);
      expect(await callRows(fresh)).toBe(2);
      expect((await click(fresh, US)).statusCode).toBe(201);
      fake.reset();
      await expectClickRefused(fresh, US, 'telephony.daily_dial_cap_reached');
    });

    it('holds under concurrent softphone dials: exactly the cap gets through', async () => {
      const fresh = await telephonyWorkspace(t);
      await setPolicy(fresh, { dailyCallsPerAgent: 3, dailyCallsPerWorkspace: 100 });
      const answers = await Promise.all(Array.from({ length: 8 }, () => softphone(fresh, US)));
      expect(answers.filter((a) => a.twiml.includes('<Dial'))).toHaveLength(3);
      expect(answers.filter((a) => a.twiml.includes('<Hangup/>'))).toHaveLength(5);
      expect(await callRows(fresh)).toBe(3);
    });
  });

  describe('settings validation', () => {
    let w: TelephonyWorkspace;
    beforeAll(async () => {
      w = await telephonyWorkspace(t);
    });

    it.each([
      ['countries as a string', { allowedCountries: 'US' }, 400, 'validation.failed'],
      ['a lowercase country', { allowedCountries: ['us'] }, 400, 'validation.failed'],
      ['a country that does not exist', { allowedCountries: ['XX'] }, 422, 'organization.invalid_settings'],
      ['a prefix without +', { blockedPrefixes: ['1900'] }, 400, 'validation.failed'],
      ['an unknown number type', { blockedNumberTypes: ['expensive'] }, 400, 'validation.failed'],
      ['a negative cap', { dailyCallsPerAgent: -1 }, 400, 'validation.failed'],
      ['a fractional cap', { dailyCallsPerWorkspace: 2.5 }, 400, 'validation.failed'],
      ['an unknown field', { callsPerHour: 3 }, 400, 'validation.failed'],
      ['a policy that is not an object', 'strict', 400, 'validation.failed'],
    ])('refuses %s with a problem, and changes nothing', async (_, dialingPolicy, status, code) => {
      const before = (await t.request('GET', orgUrl(w), { apiKey: w.apiKey })).json().settings;
      const r = await t.request('PATCH', orgUrl(w), { apiKey: w.apiKey }, { settings: { dialingPolicy } });
      expect({ status: r.statusCode, code: r.json().code }).toEqual({ status, code });
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect((await t.request('GET', orgUrl(w), { apiKey: w.apiKey })).json().settings).toEqual(before);
    });

    it('keeps the fields a patch leaves out', async () => {
      await setPolicy(w, { allowedCountries: ['US', 'GB'], dailyCallsPerAgent: 7 });
      const r = await setPolicy(w, { blockedPrefixes: ['+44870'] });
      expect(r.json().settings.dialingPolicy).toMatchObject({
        allowedCountries: ['US', 'GB'],
        dailyCallsPerAgent: 7,
        blockedPrefixes: ['+44870'],
        dailyCallsPerWorkspace: 2000,
      });
      const back = await setPolicy(w, { allowedCountries: null });
      expect(back.json().settings.dialingPolicy.allowedCountries).toBeNull();
    });
  });
});
