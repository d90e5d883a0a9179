import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { IMPORT_RETRY_LIMIT } from '@modules/recording/recording-queues';
import { FakeTwilioServer, twilioError, type ScriptedAnswer } from '../fakes/fake-twilio-server';
import { pcmWav, pcmWavSeconds } from '../support/audio';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

/** Every import attempt counts in `importAttempts`, and the custody step that ends the import says how many it took. */
describe('recording import attempts', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  const audio = pcmWav({ frames: 8000 * 2, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
  const wavAnswer: ScriptedAnswer = { status: 200, body: audio, headers: { 'content-type': 'audio/x-wav' } };

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function announce(media: () => ScriptedAnswer[]) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const sid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${sid}`;
    fake.script('GET', `${mediaPath}.wav`, media());
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: sid,
      RecordingChannels: '2',
      RecordingDuration: String(pcmWavSeconds(audio, 2)),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [row] = await t.rows('select id from recordings where twilio_recording_sid = $1', [sid]);
    return { recordingId: row!.id as string, mediaPath };
  }

  const detail = async (recordingId: string) =>
    (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey })).json();
  const stepOf = (d: { custody: { action: string; details: Record<string, unknown> }[] }, action: string) =>
    d.custody.find((c) => c.action === action);

  it('a first attempt that stores the recording counts as one', async () => {
    const p = await announce(() => [wavAnswer]);
    expect((await detail(p.recordingId)).importAttempts).toBe(0);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const d = await detail(p.recordingId);
    expect(d).toMatchObject({ status: 'stored', importAttempts: 1 });
    expect(stepOf(d, 'recording.stored')!.details).toMatchObject({ attempts: 1 });
  });

  it('attempts that fail before one succeeds are counted: two failures then a copy is three attempts', async () => {
    const p = await announce(() => [twilioError(503), twilioError(503), wavAnswer]);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const d = await detail(p.recordingId);
    expect(d).toMatchObject({ status: 'stored', importAttempts: 3, failureReason: null });
    expect(stepOf(d, 'recording.stored')!.details).toMatchObject({ attempts: 3 });
    expect(fake.requestsTo(`${p.mediaPath}.wav`, 'GET')).toHaveLength(3);
  });

  it("an admin's retry goes on counting: the failed import's attempts, then the retry's", async () => {
    const p = await announce(() => [twilioError(503)]);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const failed = await detail(p.recordingId);
    expect(failed).toMatchObject({ status: 'failed', importAttempts: IMPORT_RETRY_LIMIT + 1 });
    expect(stepOf(failed, 'recording.import_failed')!.details).toMatchObject({ attempts: IMPORT_RETRY_LIMIT + 1 });

    fake.script('GET', `${p.mediaPath}.wav`, [twilioError(503), wavAnswer]);
    expect(
      (await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${p.recordingId}/retry`, { apiKey: w.apiKey })).statusCode,
    ).toBe(202);
    expect((await detail(p.recordingId)).importAttempts).toBe(IMPORT_RETRY_LIMIT + 1);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const stored = await detail(p.recordingId);
    expect(stored).toMatchObject({ status: 'stored', importAttempts: IMPORT_RETRY_LIMIT + 3 });
    expect(stepOf(stored, 'recording.stored')!.details).toMatchObject({ attempts: IMPORT_RETRY_LIMIT + 3 });
  });
});
