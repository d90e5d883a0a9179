import twilio from 'twilio';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

/**
 * Twilio's webhooks take only what Twilio sends: SIDs of its shape, parties that are numbers,
 * client identities or SIP URIs, no NUL characters, and every parameter covered by the
 * signature. Anything else is refused and stores nothing, even when it is correctly signed.
 */
describe('Twilio webhooks refuse what Twilio would never send', () => {
  let t: TestApp;
  let w: TelephonyWorkspace;
  let rowCounts: () => Promise<Record<string, number>>;

  beforeAll(async () => {
    t = await startTestApp();
    w = await telephonyWorkspace(t);
    rowCounts = async () =>
      (
        await t.rows(
          `select (select count(*)::int from calls) as calls, (select count(*)::int from call_participants) as participants,
                  (select count(*)::int from recordings) as recordings, (select count(*)::int from audit_logs) as audit_logs`,
        )
      )[0] as Record<string, number>;
  });
  afterAll(async () => {
    await t?.close();
  });

  const voice = (overrides: Record<string, string>) => ({
    ...samples.incoming_voice_call.params,
    AccountSid: w.accountSid,
    CallSid: callSid(),
    To: w.number,
    Called: w.number,
    From: '+14155550123',
    Caller: '+14155550123',
    ...overrides,
  });

  it.each([
    ['a 5,000-character CallSid', { CallSid: `CA${'a'.repeat(4998)}` }, 'CallSid'],
    ['a CallSid of the wrong shape', { CallSid: 'CA-not-hex' }, 'CallSid'],
    ['markup as the caller', { From: '<script>alert(1)</script>', Caller: '<script>alert(1)</script>' }, 'From'],
    ['a 5,000-character From', { From: `+1${'5'.repeat(4998)}` }, 'From'],
    ['an AccountSid of the wrong shape', { AccountSid: `AC${hex(31)}Z` }, 'AccountSid'],
  ])('refuses %s with 400 webhook.invalid_parameter, signed or not, storing nothing', async (_label, overrides, parameter) => {
    const before = await rowCounts();
    const params = voice(overrides);
    const res = await twilioPost(t, '/webhooks/twilio/voice', params, w.authToken);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'webhook.invalid_parameter' });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(parameter);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a NUL character in a signed form with 400 request.invalid_character, not a database error', async () => {
    const before = await rowCounts();
    const res = await twilioPost(t, '/webhooks/twilio/voice', voice({ FromCity: 'San\u0000Francisco' }), w.authToken);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.invalid_character' });
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts Twilio's own odd parties: withheld callers, client identities, SIP", async () => {
    for (const from of ['+266696687', 'anonymous', 'client:agent_1', 'sip:alice@example.sip.twilio.com']) {
      const res = await twilioPost(t, '/webhooks/twilio/voice', voice({ From: from, Caller: from }), w.authToken);
      expect({ from, status: res.statusCode }).toEqual({ from, status: 200 });
    }
  });

  it('treats a repeated parameter as unsigned on every webhook, the recording one included', async () => {
    const before = await rowCounts();
    const url = `${t.config.publicBaseUrl}/webhooks/twilio/recording`;
    const params = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: callSid(),
      RecordingSid: `RE${hex(32)}`,
    };
    // Signed over the params as Twilio would send them; then a second RecordingSid is appended, which the signature never covered.
    const signature = twilio.getExpectedTwilioSignature(w.authToken, url, params);
    const payload = `${new URLSearchParams(params).toString()}&RecordingSid=RE${hex(32)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/webhooks/twilio/recording',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      payload,
    });
    expect(res.statusCode).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });
});
