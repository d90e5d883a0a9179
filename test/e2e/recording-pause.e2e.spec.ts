import { scoreCall } from '@domain/analysis/scoring/builtin-risk-scorer';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import { ScoringInputsService } from '@modules/analysis/scoring-inputs.service';
import { FakeTwilioServer, fakeCall, fakeCallRecording, noRecordingInProgress, twilioError } from '../fakes/fake-twilio-server';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * PCI pause and resume of a call's live recording, against a scripted fake of Twilio's REST
 * API: what Twilio is asked, each of its refusals as a problem, who may do it, the audit
 * trail, the paused intervals on the call, its recording and transcript, and the scorer.
 */

const CUSTOMER = '+12065550143';
const CARD = 'read me the card number on the front and the security code on the back of your card: 4111 1111 1111 1111';

const callsPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}/Calls.json`;
const currentRecording = (accountSid: string, sid: string) =>
  `/2010-04-01/Accounts/${accountSid}/Calls/${sid}/Recordings/Twilio.CURRENT.json`;

describe('PCI pause and resume of a call recording', () => {
  let fake: FakeTwilioServer;
  let t: TestApp;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t, { number: '+14155553101' });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** A click-to-call by the workspace's agent, answered (in progress) unless `status` says otherwise. */
  async function liveCall(status: 'in-progress' | 'ringing' = 'in-progress'): Promise<{ callId: string; sid: string }> {
    const sid = callSid();
    fake.script('POST', callsPath(w.accountSid), [
      { status: 201, body: fakeCall({ sid, account_sid: w.accountSid, to: `client:${w.identity}`, from: w.number, status: 'queued' }) },
    ]);
    const started = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/calls`,
      { token: w.agent.token },
      { to: CUSTOMER },
    );
    expect(started.statusCode).toBe(201);
    const callback = {
      ...samples.status_callbacks_outbound_api_call._common,
      AccountSid: w.accountSid,
      CallSid: sid,
      To: `client:${w.identity}`,
      Called: `client:${w.identity}`,
      From: w.number,
      Caller: w.number,
      CallStatus: status,
      SequenceNumber: status === 'in-progress' ? '2' : '1',
      Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
    };
    expect((await twilioPost(t, '/webhooks/twilio/status', callback, w.authToken)).statusCode).toBe(204);
    return { callId: started.json().id as string, sid };
  }

  const pause = (callId: string, as: { token: string } | { apiKey: string }) =>
    t.request('POST', `/v1/organizations/${w.orgId}/calls/${callId}/recording/pause`, as);
  const resume = (callId: string, as: { token: string } | { apiKey: string }) =>
    t.request('POST', `/v1/organizations/${w.orgId}/calls/${callId}/recording/resume`, as);

  it('pauses and resumes mid-call: Twilio is asked exactly as documented, the interval is kept, shown and audited', async () => {
    const { callId, sid } = await liveCall();
    const recordingSid = `RE${hex(32)}`;
    const startedAt = new Date(Date.now() - 30_000);
    const rfc = (d: Date) => d.toUTCString().replace('GMT', '+0000');
    fake.script('POST', currentRecording(w.accountSid, sid), [
      {
        status: 200,
        body: fakeCallRecording({
          sid: recordingSid,
          call_sid: sid,
          account_sid: w.accountSid,
          status: 'paused',
          start_time: rfc(startedAt),
        }),
      },
    ]);
    const paused = await pause(callId, { token: w.agent.token });
    expect(paused.statusCode).toBe(200);
    const [sent] = fake.requestsTo(currentRecording(w.accountSid, sid), 'POST');
    expect(sent!.authUser).toBe(w.accountSid);
    expect(sent!.authHasPassword).toBe(true);
    expect(sent!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(sent!.form).toEqual({ Status: 'paused', PauseBehavior: 'skip' });
    const open = paused.json().recordingPauses as {
      resumedAt: string | null;
      startOffsetMs: number | null;
      recordingSid: string;
      behavior: string;
      pausedByUserId: string;
    }[];
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ recordingSid, behavior: 'skip', resumedAt: null, pausedByUserId: w.agent.id });
    // Offsets from the recording's start as Twilio gave it (whole seconds in RFC 2822).
    expect(open[0]!.startOffsetMs).toBeGreaterThanOrEqual(29_000);
    expect(open[0]!.startOffsetMs).toBeLessThan(40_000);

    // A second pause while paused: 409, Twilio not asked.
    fake.reset();
    const again = await pause(callId, { token: w.agent.token });
    expect({ status: again.statusCode, code: again.json().code }).toEqual({ status: 409, code: 'call.recording_already_paused' });
    expect(fake.requests).toHaveLength(0);

    fake.script('POST', currentRecording(w.accountSid, sid), [
      {
        status: 200,
        body: fakeCallRecording({
          sid: recordingSid,
          call_sid: sid,
          account_sid: w.accountSid,
          status: 'in-progress',
          start_time: rfc(startedAt),
        }),
      },
    ]);
    const resumed = await resume(callId, { apiKey: w.apiKey });
    expect(resumed.statusCode).toBe(200);
    expect(fake.requestsTo(currentRecording(w.accountSid, sid), 'POST')[0]!.form).toEqual({ Status: 'in-progress' });
    const closed = resumed.json().recordingPauses as {
      resumedAt: string | null;
      startOffsetMs: number;
      endOffsetMs: number;
      resumedByUserId: string | null;
    }[];
    expect(closed).toHaveLength(1);
    expect(closed[0]!.resumedAt).not.toBeNull();
    expect(closed[0]!.endOffsetMs).toBeGreaterThanOrEqual(closed[0]!.startOffsetMs);
    expect(closed[0]!.resumedByUserId).toBeNull(); // an API key

    // Resuming again: nothing is paused.
    const twice = await resume(callId, { apiKey: w.apiKey });
    expect({ status: twice.statusCode, code: twice.json().code }).toEqual({ status: 409, code: 'call.recording_not_paused' });

    // GET /calls/{callId} shows it.
    const got = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { apiKey: w.apiKey });
    expect(got.statusCode).toBe(200);
    expect(got.json().recordingPauses).toHaveLength(1);

    // The audit trail: paused by the agent, resumed by the API key.
    await t.sealAudit();
    const trail = await t.request('GET', `/v1/organizations/${w.orgId}/audit-logs?resourceType=call&resourceId=${callId}`, {
      apiKey: w.apiKey,
    });
    const actions = (trail.json().data as { action: string; actorType: string; actorId: string }[]).map((e) => ({
      action: e.action,
      actorType: e.actorType,
    }));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'call.recording_paused', actorType: 'user' },
        { action: 'call.recording_resumed', actorType: 'api_key' },
      ]),
    );
    const verify = await t.request('GET', `/v1/organizations/${w.orgId}/audit-logs/verify`, { apiKey: w.apiKey });
    expect(verify.json().valid).toBe(true);
  });

  it("maps Twilio's refusals to problems: no recording in progress 409, call not in progress (21220) 409, unavailable 502; nothing is recorded", async () => {
    const { callId, sid } = await liveCall();
    fake.script('POST', currentRecording(w.accountSid, sid), [noRecordingInProgress(sid)]);
    const none = await pause(callId, { token: w.agent.token });
    expect({ status: none.statusCode, code: none.json().code }).toEqual({ status: 409, code: 'call.no_recording_in_progress' });
    expect(none.headers['content-type']).toContain('application/problem+json');

    fake.script('POST', currentRecording(w.accountSid, sid), [twilioError(400, 21220)]);
    const ended = await pause(callId, { token: w.agent.token });
    expect({ status: ended.statusCode, code: ended.json().code }).toEqual({ status: 409, code: 'call.not_in_progress' });

    fake.script('POST', currentRecording(w.accountSid, sid), [twilioError(503)]);
    const down = await pause(callId, { token: w.agent.token });
    expect({ status: down.statusCode, code: down.json().code }).toEqual({ status: 502, code: 'twilio.unavailable' });
    expect(down.body).not.toContain(w.authToken);

    const [row] = await t.rows('select count(*)::int as n from call_recording_pauses where call_id = $1', [callId]);
    expect(row!.n).toBe(0);

    // A call that is not in progress here: refused before Twilio is asked.
    fake.reset();
    const ringing = await liveCall('ringing');
    fake.reset();
    const early = await pause(ringing.callId, { token: w.agent.token });
    expect({ status: early.statusCode, code: early.json().code }).toEqual({ status: 409, code: 'call.not_in_progress' });
    expect(fake.requests).toHaveLength(0);

    // Unknown call: 404.
    const missing = await pause('01900000-0000-7000-8000-000000000000', { apiKey: w.apiKey });
    expect({ status: missing.statusCode, code: missing.json().code }).toEqual({ status: 404, code: 'call.not_found' });
  });

  it('refuses an agent who is not on the call (403), a member (403), and another organization (404)', async () => {
    const { callId } = await liveCall();
    fake.reset();
    const other: TestUser = await t.user();
    await t.request('GET', '/v1/me', { token: other.token });
    await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: other.id, role: 'agent' });
    await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/members/${other.id}`,
      { apiKey: w.apiKey },
      { role: 'member' },
    );
    const notOnCall = await pause(callId, { token: other.token });
    expect({ status: notOnCall.statusCode, code: notOnCall.json().code }).toEqual({ status: 403, code: 'call.not_on_call' });

    const member = await t.user();
    await t.request('GET', '/v1/me', { token: member.token });
    await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: member.id, role: 'member' });
    await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/members/${member.id}`,
      { apiKey: w.apiKey },
      { role: 'member' },
    );
    expect((await pause(callId, { token: member.token })).statusCode).toBe(403);

    const foreign = await t.organization('Elsewhere');
    const outsider = await t.request('POST', `/v1/organizations/${w.orgId}/calls/${callId}/recording/pause`, { apiKey: foreign.apiKey });
    expect(outsider.statusCode).toBe(404);
    const theirOrg = await t.request('POST', `/v1/organizations/${foreign.orgId}/calls/${callId}/recording/pause`, {
      apiKey: foreign.apiKey,
    });
    expect({ status: theirOrg.statusCode, code: theirOrg.json().code }).toEqual({ status: 404, code: 'call.not_found' });
    expect(fake.requests).toHaveLength(0);
  });

  it('the transcript shows the gap, the recording lists it, and the scorer ignores a card number spoken in it', async () => {
    const { callId, sid } = await liveCall();
    const recordingSid = `RE${hex(32)}`;
    const startedAt = new Date(Date.now() - 10_000);
    const rfc = (d: Date) => d.toUTCString().replace('GMT', '+0000');
    fake.script('POST', currentRecording(w.accountSid, sid), [
      { status: 200, body: fakeCallRecording({ sid: recordingSid, call_sid: sid, account_sid: w.accountSid, start_time: rfc(startedAt) }) },
    ]);
    expect((await pause(callId, { token: w.agent.token })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await resume(callId, { token: w.agent.token })).statusCode).toBe(200);
    const call = (await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { apiKey: w.apiKey })).json();
    const interval = call.recordingPauses[0] as { startOffsetMs: number; endOffsetMs: number };
    expect(interval.endOffsetMs - interval.startOffsetMs).toBeGreaterThanOrEqual(1000);

    // A transcript timed against the recording, with the card number read out inside the pause.
    const inside = { speaker: 'caller', startMs: interval.startOffsetMs + 100, endMs: interval.endOffsetMs - 100, text: CARD };
    const put = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      {
        transcript: `hello I want to pay ${CARD} thanks`,
        segments: [
          { speaker: 'agent', startMs: 0, endMs: Math.max(1, interval.startOffsetMs - 500), text: 'hello, how can I help' },
          inside,
          { speaker: 'caller', startMs: interval.endOffsetMs + 200, endMs: interval.endOffsetMs + 2000, text: 'thanks, that is all' },
        ],
        language: 'en',
      },
    );
    expect(put.statusCode).toBe(200);
    expect(put.json().pausedIntervals).toEqual([
      expect.objectContaining({ startMs: interval.startOffsetMs, endMs: interval.endOffsetMs, behavior: 'skip' }),
    ]);
    const conversation = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey });
    expect(conversation.json().pausedIntervals).toHaveLength(1);

    // The recording Twilio reports when the call ends lists the interval too.
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: sid,
      RecordingSid: recordingSid,
      RecordingStartTime: rfc(startedAt),
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [recordingRow] = await t.rows('select id from recordings where twilio_recording_sid = $1', [recordingSid]);
    const recording = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingRow!.id as string}`, { apiKey: w.apiKey });
    expect(recording.statusCode).toBe(200);
    expect(recording.json().pausedIntervals).toEqual([
      expect.objectContaining({ startMs: interval.startOffsetMs, endMs: interval.endOffsetMs, behavior: 'skip' }),
    ]);

    // What the scorer reads: the paused segment is gone, and so is the card factor it would raise.
    const gather = t.app.get(ScoringInputsService);
    const analysis = { organizationId: w.orgId, callId, recordingId: null } as unknown as Parameters<ScoringInputsService['gather']>[0];
    const { input, notes } = await gather.gather(analysis, DEFAULT_SCORING_CONFIGURATION);
    expect(input.transcript!.segments.map((s) => s.text)).toEqual(['hello, how can I help', 'thanks, that is all']);
    expect(JSON.stringify(input)).not.toContain('4111');
    expect(notes).toContain('1 segment(s) inside a paused interval (PCI) were not scored');
    const scored = scoreCall(input, DEFAULT_SCORING_CONFIGURATION);
    expect(JSON.stringify(scored)).not.toMatch(/4111|card_or_account_request/);
    // Without the pause, the same words would have been scored.
    const unpaused = scoreCall(
      { ...input, transcript: { ...input.transcript!, segments: [...input.transcript!.segments, inside] } },
      DEFAULT_SCORING_CONFIGURATION,
    );
    expect(unpaused.riskFactors.map((f) => f.code)).toContain('card_or_account_request');
  });
});
