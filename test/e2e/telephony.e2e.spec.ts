import { callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';

describe('telephony', () => {
  let t: TestApp;
  let w: TelephonyWorkspace;
  beforeAll(async () => {
    t = await startTestApp();
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const inbound = (overrides: Record<string, string> = {}): Record<string, string> => ({
    ...samples.incoming_voice_call.params,
    AccountSid: w.accountSid,
    To: w.number,
    Called: w.number,
    CallSid: callSid(),
    ...overrides,
  });

  it('shows which Twilio settings are set, never the secrets', async () => {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/twilio`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accountSid: w.accountSid, authTokenSet: true, apiKeySecretSet: true, verifiedAt: null });
    expect(r.body).not.toContain(w.authToken);
    const [row] = await t.rows('select * from twilio_accounts where workspace_id = $1', [w.workspaceId]);
    expect(JSON.stringify(row)).not.toContain(w.authToken);
  });

  it('answers an inbound call with TwiML that rings the available agents and records from answer', async () => {
    const params = inbound();
    const r = await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/xml');
    expect(r.body).toContain(`<Client`);
    expect(r.body).toContain(w.identity);
    expect(r.body).toContain('record-from-answer-dual');
    expect(r.body).toContain('https://switchboard.test/webhooks/twilio/recording');
    const calls = await t.request('GET', `/v1/organizations/${w.orgId}/calls?direction=inbound`, { apiKey: w.apiKey });
    const call = calls.json().data.find((c: { callSid: string }) => c.callSid === params.CallSid);
    expect(call).toMatchObject({ direction: 'inbound', from: params.From, to: w.number, stirVerstat: 'TN-Validation-Passed-A' });
    const detail = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${call.id}`, { apiKey: w.apiKey });
    expect(detail.json().participants).toEqual([expect.objectContaining({ kind: 'external', role: 'participant', address: params.From })]);

    // Twilio retrying the same webhook records nothing twice.
    await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(await t.rows('select id from calls where call_sid = $1', [params.CallSid])).toHaveLength(1);
  });

  it('sends callers to voicemail when no agent is available', async () => {
    await t.request(
      'PATCH',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/agents/${w.agent.id}`,
      { token: w.agent.token },
      { availability: 'offline' },
    );
    const r = await twilioPost(t, '/webhooks/twilio/voice', inbound(), w.authToken);
    await t.request(
      'PATCH',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/agents/${w.agent.id}`,
      { token: w.agent.token },
      { availability: 'available' },
    );
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<Say');
    expect(r.body).toContain('<Record');
    expect(r.body).not.toContain('<Client');
  });

  it('politely refuses a call to a number it does not route, and records nothing', async () => {
    const params = inbound({ To: '+14155550199', Called: '+14155550199' });
    const r = await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<Say');
    expect(r.body).toContain('<Hangup');
    expect(await t.rows('select id from calls where call_sid = $1', [params.CallSid])).toEqual([]);
  });

  it('refuses unsigned or forged webhooks with 403 and changes nothing', async () => {
    const params = inbound();
    expect((await twilioPost(t, '/webhooks/twilio/voice', params, null)).statusCode).toBe(403);
    expect((await twilioPost(t, '/webhooks/twilio/voice', params, 'f'.repeat(32))).statusCode).toBe(403);
    expect(await t.rows('select id from calls where call_sid = $1', [params.CallSid])).toEqual([]);
  });

  it('applies status callbacks: an answered agent leg joins the call as host, the completed event ends it', async () => {
    const parent = inbound();
    await twilioPost(t, '/webhooks/twilio/voice', parent, w.authToken);
    const leg = callSid();
    const base = {
      ...samples.status_callbacks_outbound_api_call._common,
      AccountSid: w.accountSid,
      CallSid: leg,
      ParentCallSid: parent.CallSid,
      To: `client:${w.identity}`,
      From: parent.From,
      Direction: 'outbound-dial',
    };
    for (const e of samples.status_callbacks_outbound_api_call.events) {
      const r = await twilioPost(t, '/webhooks/twilio/status', { ...base, ...e }, w.authToken);
      expect(r.statusCode).toBe(204);
    }
    const parentEnd = {
      ...samples.status_callbacks_outbound_api_call._common,
      AccountSid: w.accountSid,
      CallSid: parent.CallSid,
      ...samples.status_callbacks_outbound_api_call.events[3],
    };
    expect((await twilioPost(t, '/webhooks/twilio/status', parentEnd, w.authToken)).statusCode).toBe(204);

    const [row] = await t.rows('select id from calls where call_sid = $1', [parent.CallSid]);
    const detail = (await t.request('GET', `/v1/organizations/${w.orgId}/calls/${row!.id}`, { apiKey: w.apiKey })).json();
    expect(detail).toMatchObject({
      status: 'completed',
      durationSeconds: 82,
      answeredByUserId: w.agent.id,
      endedAt: '2026-02-12T11:50:03.000Z',
    });
    expect(detail.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'agent', role: 'host', userId: w.agent.id, leftAt: '2026-02-12T11:50:03.000Z' }),
      ]),
    );
    expect(detail.legs).toEqual([expect.objectContaining({ callSid: leg, status: 'completed', answeredAt: '2026-02-12T11:48:41.000Z' })]);
    const audit = await t.rows(
      `select action from audit_logs where organization_id = $1 and resource_type = 'call' and resource_id = $2 order by id`,
      [w.orgId, row!.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['call.started', 'call.answered', 'call.completed']);
  });

  it("routes a softphone call to the dialled number with the agent's number as caller ID", async () => {
    const params = {
      AccountSid: w.accountSid,
      ApplicationSid: 'AP00000000000000000000000000000000',
      CallSid: callSid(),
      From: `client:${w.identity}`,
      To: '+12065550123',
      Direction: 'inbound',
      CallStatus: 'ringing',
      ApiVersion: '2010-04-01',
    };
    // The TwiML App SID must match the workspace's: the sample one does not, so it is refused.
    expect((await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken)).statusCode).toBe(403);
    const [acct] = await t.rows('select twiml_app_sid from twilio_accounts where workspace_id = $1', [w.workspaceId]);
    const r = await twilioPost(t, '/webhooks/twilio/voice', { ...params, ApplicationSid: acct!.twiml_app_sid as string }, w.authToken);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<Number');
    expect(r.body).toContain('+12065550123');
    expect(r.body).toContain(`callerId="${w.number}"`);
    const [call] = await t.rows('select direction, agent_user_id, from_number from calls where call_sid = $1', [params.CallSid]);
    expect(call).toEqual({ direction: 'outbound', agent_user_id: w.agent.id, from_number: w.number });
  });

  it('issues a softphone token to agents only', async () => {
    const ok = await t.request('POST', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/softphone-token`, {
      token: w.agent.token,
    });
    expect(ok.statusCode).toBe(201);
    const payload = JSON.parse(Buffer.from(ok.json().token.split('.')[1], 'base64url').toString());
    expect(payload.grants.identity).toBe(w.identity);
    expect(payload.grants.voice.incoming.allow).toBe(true);
    const notAgent = await t.request('POST', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/softphone-token`, {
      token: w.owner.token,
    });
    expect(notAgent.statusCode).toBe(403);
    expect(notAgent.json().code).toBe('agent.required');
  });

  it('refuses a number that already belongs to a workspace, and malformed numbers', async () => {
    const other = await t.organization('Other');
    const ws = await t.request('POST', `/v1/organizations/${other.orgId}/workspaces`, { apiKey: other.apiKey }, { name: 'x' });
    const url = `/v1/organizations/${other.orgId}/workspaces/${ws.json().id}/phone-numbers`;
    const taken = await t.request('POST', url, { apiKey: other.apiKey }, { phoneNumber: w.number, twilioSid: `PN${'1'.repeat(32)}` });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('phone_number.taken');
    const bad = await t.request('POST', url, { apiKey: other.apiKey }, { phoneNumber: '555-0100', twilioSid: `PN${'1'.repeat(32)}` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('phone_number.invalid');
  });
});

describe('telephony: voicemail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('hangs up when Twilio comes back after the voicemail recording', async () => {
    const w = await telephonyWorkspace(t, { availability: 'offline' });
    const params = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    const first = await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(first.body).toContain('<Record');
    const back = await twilioPost(
      t,
      '/webhooks/twilio/voice',
      { ...params, RecordingUrl: 'https://api.twilio.com/x', RecordingSid: `RE${'0'.repeat(32)}`, RecordingDuration: '7' },
      w.authToken,
    );
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('<Hangup');
    expect(back.body).not.toContain('<Record');
  });
});
