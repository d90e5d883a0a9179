import { FakeTranscriptionServer, type FakeSegment } from '../fakes/fake-transcription-server';
import { taggedStereoWav } from '../support/audio';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { IMPORT_RECORDING_QUEUE, TRANSCRIBE_RECORDING_QUEUE } from '@modules/recording';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { NO_SUMMARY_MODEL } from '@infrastructure/scoring/openai-compatible.call-summarizer';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Stored call recordings become conversations through an OpenAI-compatible speech-to-text
 * service (a local fake of `POST /v1/audio/transcriptions`): each channel of a dual-channel
 * recording is transcribed on its own and the segments merged by time.
 */

const KEY = 'sk-e2e-1f2e3d4c5b6a79880716f5e4d3c2b1a0';
const MODEL = 'whisper-large-v3';

const dualChannelWav = (channel1: FakeSegment[], channel2: FakeSegment[], seconds = 8): Buffer =>
  taggedStereoWav(channel1, channel2, seconds);

const CALLER: FakeSegment[] = [
  { start: 0, end: 1.8, text: ' Hello, this is your bank calling.' },
  { start: 4.2, end: 5.9, text: ' Please read me the code we just sent.' },
];
const CALLEE: FakeSegment[] = [
  { start: 2.1, end: 3.4, text: ' Which bank is this?' },
  { start: 6.3, end: 7.1, text: ' No.' },
];

describe('transcription', () => {
  let t: TestApp;
  let twilio: FakeTwilioServer;
  let stt: FakeTranscriptionServer;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    twilio = await FakeTwilioServer.start();
    stt = await FakeTranscriptionServer.start({ key: KEY });
    t = await startTestApp({
      env: {
        TWILIO_API_BASE_URL: twilio.baseUrl,
        TRANSCRIPTION_API_URL: stt.baseUrl,
        TRANSCRIPTION_API_KEY: KEY,
        TRANSCRIPTION_MODEL: MODEL,
      },
    });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t?.close();
    await stt?.close();
    await twilio?.close();
  });
  beforeEach(() => {
    stt.reset();
    stt.expectKey(KEY);
  });

  /** A call whose dual-channel recording Twilio announces; the import is left to the caller. */
  async function recordedCall(audio: Buffer): Promise<{ callId: string; recordingId: string }> {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    twilio.serveMedia(`${mediaPath}.wav`, audio);
    twilio.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingChannels: '2',
      // As long as the audio Twilio serves: 16-bit stereo at 8 kHz is 32,000 bytes a second.
      RecordingDuration: String(Math.round((audio.length - 44) / 32_000)),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [row] = await t.rows(
      'select r.id, r.call_id from recordings r join calls c on c.id = r.call_id where r.twilio_recording_sid = $1',
      [recordingSid],
    );
    return { callId: row!.call_id as string, recordingId: row!.id as string };
  }

  /** Imports whatever is pending; the recording must then be stored. */
  async function importStored(recordingId: string): Promise<void> {
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [row] = await t.rows('select status from recordings where id = $1', [recordingId]);
    expect(row!.status).toBe('stored');
  }

  async function conversation(callId: string) {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    return r.json();
  }

  // An inbound call: Twilio's first channel is the caller (the parent leg), the second the agent it dialled.
  const merged = [
    { speaker: 'caller', startMs: 0, endMs: 1800, text: 'Hello, this is your bank calling.' },
    { speaker: 'agent', startMs: 2100, endMs: 3400, text: 'Which bank is this?' },
    { speaker: 'caller', startMs: 4200, endMs: 5900, text: 'Please read me the code we just sent.' },
    { speaker: 'agent', startMs: 6300, endMs: 7100, text: 'No.' },
  ];

  it('transcribes each channel of a stored dual-channel recording and merges the segments by time', async () => {
    const seconds = 8;
    const { callId, recordingId } = await recordedCall(dualChannelWav(CALLER, CALLEE, seconds));
    await importStored(recordingId);
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(1);

    const c = await conversation(callId);
    expect(c).toMatchObject({
      callId,
      source: 'transcriber',
      writtenBy: `transcriber:${MODEL}`,
      language: 'english',
      transcriptionNote: null,
      segments: merged,
      // No language model is configured here: the summary says so rather than staying empty.
      summary: NO_SUMMARY_MODEL,
    });
    expect(c.transcript).toBe(merged.map((s) => `${s.speaker}: ${s.text}`).join('\n'));

    // One upload per channel: a mono WAV of that channel, streamed, with the key, the model and segment timestamps.
    expect(stt.requests).toHaveLength(2);
    const uploads = [...stt.requests].sort((a, b) => (a.file?.fileName ?? '').localeCompare(b.file?.fileName ?? ''));
    uploads.forEach((u, i) => {
      expect(u).toMatchObject({
        path: '/v1/audio/transcriptions',
        bearer: KEY,
        model: MODEL,
        responseFormat: 'verbose_json',
        timestampGranularities: ['segment'],
        status: 200,
        file: { fileName: `${recordingId}-channel-${i + 1}.wav`, contentType: 'audio/wav', bytes: 44 + 8000 * seconds * 2 },
      });
      expect(u.transferEncoding).toBe('chunked');
    });

    // The recording's detail has no note; the conversation is on the audit trail without its words.
    const detail = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey });
    expect(detail.json().transcriptionNote).toBeNull();
    const audit = await t.rows(`select actor_type, changes from audit_logs where action = 'conversation.written' and resource_id = $1`, [
      callId,
    ]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('bank');
  });

  it('never replaces a conversation written through the API', async () => {
    const { callId, recordingId } = await recordedCall(dualChannelWav(CALLER, CALLEE));
    const written = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { token: w.owner.token },
      {
        transcript: 'Written by a person.',
        segments: [{ speaker: 'agent', startMs: 0, endMs: 1000, text: 'Written by a person.' }],
        summary: 'Typed up by hand.',
        language: 'en',
      },
    );
    expect(written.statusCode).toBe(200);
    await importStored(recordingId);
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(1);

    expect(await conversation(callId)).toMatchObject({
      source: 'api',
      writtenBy: `user:${w.owner.id}`,
      transcript: 'Written by a person.',
      summary: 'Typed up by hand.',
      language: 'en',
      segments: [{ speaker: 'agent', startMs: 0, endMs: 1000, text: 'Written by a person.' }],
      transcriptionNote: null,
    });
    // The service was not even asked.
    expect(stt.requests).toHaveLength(0);
  });

  it('a 401 from the service leaves the conversation saying why, without the key, and the job settles', async () => {
    // The service no longer accepts our key (revoked): it answers 401, echoing the key it got.
    stt.expectKey('sk-some-other-key');
    const { callId, recordingId } = await recordedCall(dualChannelWav(CALLER, CALLEE));
    await importStored(recordingId);
    // One attempt only: a refused key is not retried.
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(1);
    await stt.waitForRequests(1);
    // The other channel's upload, abandoned once the first was refused, may still arrive: let it settle.
    await stt.waitForRequests(2, 2_000).catch(() => undefined);
    expect(stt.requests.every((r) => r.status === 401 || r.status === null)).toBe(true);
    expect(stt.requests.length).toBeLessThanOrEqual(2);

    const c = await conversation(callId);
    expect(c).toMatchObject({ transcript: null, segments: [], source: null, writtenBy: null });
    expect(c.transcriptionNote).toMatch(/^Transcription failed: .*HTTP 401.*Incorrect API key/);
    expect(c.transcriptionNote).not.toContain(KEY);
    const detail = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey });
    expect(detail.json()).toMatchObject({ status: 'stored', transcriptionNote: c.transcriptionNote });
    expect(JSON.stringify(await t.rows(`select changes from audit_logs where resource_id = $1`, [callId]))).not.toContain(KEY);
    // Nothing is left to run.
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(0);
  });

  it('a 500 from the service is retried, and the recording is transcribed on the next attempt', async () => {
    stt.failNext(2, 500);
    const { callId, recordingId } = await recordedCall(dualChannelWav(CALLER, CALLEE));
    await importStored(recordingId);
    // The first attempt fails; the retry (run at once by drain) succeeds.
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBeGreaterThanOrEqual(2);

    const c = await conversation(callId);
    expect(c).toMatchObject({ source: 'transcriber', writtenBy: `transcriber:${MODEL}`, segments: merged, transcriptionNote: null });
    expect(stt.requests.some((r) => r.status === 500)).toBe(true);
    expect(stt.requests.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    // Written once.
    expect(await t.rows(`select id from audit_logs where action = 'conversation.written' and resource_id = $1`, [callId])).toHaveLength(1);
  });
});
