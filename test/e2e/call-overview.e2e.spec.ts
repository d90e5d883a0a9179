import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { pcmWav } from '../support/audio';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

describe('call detail: the call with its recordings, conversation and analysis', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function inboundCall(): Promise<{ callId: string; sid: string }> {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    expect((await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken)).statusCode).toBe(200);
    const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    return { callId: String(row!.id), sid: call.CallSid };
  }

  it('shows a call with nothing yet as empty sections, not missing ones', async () => {
    const { callId } = await inboundCall();
    const res = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { apiKey: w.apiKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: callId, direction: 'inbound', recordings: [], conversation: null, analysis: null });
    expect(Array.isArray(res.json().participants)).toBe(true);
  });

  it('shows the stored recording, the written conversation and the analysis made of it', async () => {
    const { callId, sid } = await inboundCall();
    const segments = [
      { speaker: 'caller', startMs: 0, endMs: 2000, text: 'I am calling from your bank security team.' },
      { speaker: 'agent:1', startMs: 2000, endMs: 4000, text: 'How can I help?' },
    ];
    const put = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      {
        transcript: segments.map((s) => s.text).join(' '),
        segments,
        language: 'en',
      },
    );
    expect(put.statusCode).toBe(200);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, pcmWav({ frames: 5 * 8000 }));
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: sid,
      RecordingSid: recordingSid,
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    await t.drain(IMPORT_RECORDING_QUEUE);
    await t.drain(CREATE_ANALYSIS_QUEUE);
    await t.drain(PROCESS_ANALYSIS_QUEUE);

    const detail = (await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { apiKey: w.apiKey })).json();
    expect(detail.recordings).toEqual([expect.objectContaining({ twilioRecordingSid: recordingSid, status: 'stored', callId })]);
    expect(detail.conversation).toMatchObject({
      callId,
      transcript: expect.stringContaining('bank security team'),
      segments: [expect.objectContaining({ speaker: 'caller' }), expect.anything()],
    });
    const [analysis] = await t.rows('select id, status from analyses where call_id = $1', [callId]);
    expect(detail.analysis).toMatchObject({ id: analysis!.id, callId, recordingId: detail.recordings[0].id, status: analysis!.status });
    // The same analysis as its own endpoint shows.
    const own = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysis!.id}`, { apiKey: w.apiKey })).json();
    expect(detail.analysis.fraudScore).toBe(own.fraudScore);
  });

  it('leaves out what the caller may not read: the analysis for an agent, everything but the call for a calls-only key', async () => {
    const { callId } = await inboundCall();
    const agentView = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { token: w.agent.token });
    expect(agentView.statusCode).toBe(200);
    expect(agentView.json()).toHaveProperty('recordings');
    expect(agentView.json()).toHaveProperty('conversation');
    expect(agentView.json()).not.toHaveProperty('analysis');

    const key = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/api-keys`,
      { apiKey: w.apiKey },
      { name: 'dialler', scopes: ['calls:read'] },
    );
    expect(key.statusCode).toBe(201);
    const keyView = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}`, { apiKey: key.json().key });
    expect(keyView.statusCode).toBe(200);
    for (const section of ['recordings', 'conversation', 'analysis']) expect(keyView.json()).not.toHaveProperty(section);
  });

  it('answers 404 call.not_found for a call that does not exist', async () => {
    const res = await t.request('GET', `/v1/organizations/${w.orgId}/calls/01a22716-1428-77a9-a4fa-8880d388cf3d`, { apiKey: w.apiKey });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('call.not_found');
  });
});
