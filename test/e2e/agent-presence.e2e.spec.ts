import type { Clock } from '@domain/shared/clock';
import { callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The softphone is the agent's presence: a token brings an offline agent online until it
 * expires, so a freshly configured number rings them instead of sending callers to voicemail,
 * and a softphone that went away stops being rung.
 */

class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('agent presence', () => {
  let t: TestApp;
  const clock = new MovableClock();

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await t?.close();
  });

  const agentUrl = (w: TelephonyWorkspace) => `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/agents/${w.agent.id}`;

  /** What Twilio is told to do with a new call to the workspace's number. */
  async function ring(w: TelephonyWorkspace): Promise<string> {
    const params = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    const r = await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(r.statusCode).toBe(200);
    return r.body;
  }
  const ringsAgent = (twiml: string, w: TelephonyWorkspace) => new RegExp(`<Client[^>]*>${w.identity}</Client>`).test(twiml);
  const isVoicemail = (twiml: string) => twiml.includes('<Record') && !twiml.includes('<Client');

  async function token(w: TelephonyWorkspace): Promise<Date> {
    const r = await t.request('POST', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/softphone-token`, { token: w.agent.token });
    expect(r.statusCode).toBe(201);
    return new Date(r.json().expiresAt);
  }
  const availability = async (w: TelephonyWorkspace) =>
    (await t.request('GET', agentUrl(w), { apiKey: w.apiKey })).json().availability as string;
  const setAvailability = async (w: TelephonyWorkspace, value: string) => {
    const r = await t.request('PATCH', agentUrl(w), { token: w.agent.token }, { availability: value });
    expect(r.statusCode).toBe(200);
  };
  const presenceAudit = async (w: TelephonyWorkspace) =>
    (
      await t.rows(
        `select changes from audit_logs where organization_id = $1 and action = 'agent.updated' and resource_id = $2 order by id`,
        [w.orgId, `${w.workspaceId}:${w.agent.id}`],
      )
    ).map((r) => r.changes);

  it('sends callers to voicemail before the softphone connects, rings the agent once it has a token, and not after it expired', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    expect(await availability(w)).toBe('offline');
    expect(isVoicemail(await ring(w))).toBe(true);

    const expiresAt = await token(w);
    expect(await availability(w)).toBe('available');
    expect(ringsAgent(await ring(w), w)).toBe(true);

    clock.offsetMs = expiresAt.getTime() - Date.now() + 1000;
    expect(isVoicemail(await ring(w))).toBe(true);
    // The API shows the agent as routing sees it: offline, and since when it lapsed.
    const shown = (await t.request('GET', agentUrl(w), { apiKey: w.apiKey })).json();
    expect(shown).toMatchObject({ availability: 'offline', presenceExpiresAt: expiresAt.toISOString() });
  });

  it('puts the coming online on the audit trail, with when it lapses; a refresh that changes nothing is not audited', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    const expiresAt = await token(w);
    await token(w);
    expect(await presenceAudit(w)).toEqual([
      { before: { availability: 'offline' }, after: { availability: 'available', presenceExpiresAt: expect.any(String) } },
    ]);
    const [row] = await t.rows('select presence_expires_at from agents where user_id = $1 and workspace_id = $2', [
      w.agent.id,
      w.workspaceId,
    ]);
    expect(new Date(row!.presence_expires_at as string).getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it('brings a lapsed agent back with the next token', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    const expiresAt = await token(w);
    clock.offsetMs = expiresAt.getTime() - Date.now() + 1000;
    expect(isVoicemail(await ring(w))).toBe(true);
    clock.offsetMs = 0;
    await token(w);
    expect(ringsAgent(await ring(w), w)).toBe(true);
  });

  it('keeps a busy agent busy: a token does not override do-not-disturb', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    await setAvailability(w, 'busy');
    await token(w);
    expect(await availability(w)).toBe('busy');
    expect(isVoicemail(await ring(w))).toBe(true);
    // Back from busy by hand: available, and rung.
    await setAvailability(w, 'available');
    expect(ringsAgent(await ring(w), w)).toBe(true);
  });

  it('keeps an availability set by hand: it does not lapse', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    await token(w);
    await setAvailability(w, 'available');
    clock.offsetMs = 3 * 3600_000;
    expect(ringsAgent(await ring(w), w)).toBe(true);
  });

  it('treats offline set by hand as "not connected": the next token brings the agent online', async () => {
    const w = await telephonyWorkspace(t, { availability: 'available' });
    await setAvailability(w, 'offline');
    expect(isVoicemail(await ring(w))).toBe(true);
    await token(w);
    expect(ringsAgent(await ring(w), w)).toBe(true);
  });
});
