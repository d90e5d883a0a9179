import { randomBytes } from 'node:crypto';
import { CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { IMPORT_RECORDING_QUEUE, TRANSCRIBE_RECORDING_QUEUE } from '@modules/recording';
import { NO_SUMMARY_MODEL } from '@infrastructure/scoring/openai-compatible.call-summarizer';
import { FakeTranscriptionServer, type FakeSegment } from '../fakes/fake-transcription-server';
import { taggedStereoWav } from '../support/audio';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

/**
 * One transcript per recording: made once, kept in the recording's conversation, and reused by
 * the conversation job, scoring, rescoring and a retried analysis. Every request the fake
 * speech-to-text service receives is counted: a stereo recording costs exactly two (one per
 * channel), whoever asks, in whatever order, even at the same time.
 */

const KEY = 'sk-e2e-reuse-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** Different files each time: uploads are deduplicated by their hash. */
const dualChannelWav = (channel1: FakeSegment[], channel2: FakeSegment[], seconds = 8): Buffer =>
  taggedStereoWav(channel1, channel2, seconds, { unique: true });

const FIRST: FakeSegment[] = [
  { start: 0, end: 1.8, text: ' Hello, this is your bank calling.' },
  { start: 4.2, end: 5.9, text: ' Please read me the code we just sent.' },
];
const SECOND: FakeSegment[] = [
  { start: 2.1, end: 3.4, text: ' Which bank is this?' },
  { start: 6.3, end: 7.1, text: ' No.' },
];

function merged(first: string, second: string) {
  return [
    { speaker: first, startMs: 0, endMs: 1800, text: 'Hello, this is your bank calling.' },
    { speaker: second, startMs: 2100, endMs: 3400, text: 'Which bank is this?' },
    { speaker: first, startMs: 4200, endMs: 5900, text: 'Please read me the code we just sent.' },
    { speaker: second, startMs: 6300, endMs: 7100, text: 'No.' },
  ];
}

function upload(t: TestApp, orgId: string, apiKey: string, file: Buffer, name = 'stereo.wav') {
  const boundary = `----switchboard-test-${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: audio/wav\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/v1/organizations/${orgId}/analyses`,
    headers: { 'x-api-key': apiKey, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

describe('one transcript per recording', () => {
  let t: TestApp;
  let twilio: FakeTwilioServer;
  let stt: FakeTranscriptionServer;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    twilio = await FakeTwilioServer.start();
    stt = await FakeTranscriptionServer.start({ key: KEY });
    t = await startTestApp({
      env: { TWILIO_API_BASE_URL: twilio.baseUrl, TRANSCRIPTION_API_URL: stt.baseUrl, TRANSCRIPTION_API_KEY: KEY },
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

  const analysis = async (id: string) =>
    (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${id}`, { apiKey: w.apiKey })).json();
  const rescore = (ids: string[]) =>
    t.request('POST', `/v1/organizations/${w.orgId}/analyses/rescore`, { apiKey: w.apiKey }, { analysisIds: ids });

  /** A call with a stored dual-channel recording, its analysis created (not yet processed). */
  async function storedCall(): Promise<{ callId: string; recordingId: string; analysisId: string }> {
    const audio = dualChannelWav(FIRST, SECOND);
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
      RecordingDuration: String(Math.round((audio.length - 44) / 32_000)),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    await t.drain(IMPORT_RECORDING_QUEUE);
    await t.drain(CREATE_ANALYSIS_QUEUE);
    const [row] = await t.rows(
      `select r.id, r.call_id, r.status, a.id as analysis_id from recordings r join analyses a on a.recording_id = r.id where r.twilio_recording_sid = $1`,
      [recordingSid],
    );
    expect(row!.status).toBe('stored');
    return { callId: row!.call_id as string, recordingId: row!.id as string, analysisId: row!.analysis_id as string };
  }

  const written = async (resourceId: string) =>
    (await t.rows(`select id from audit_logs where action = 'conversation.written' and resource_id = $1`, [resourceId])).length;

  it('a stereo upload: channels 2 and its duration from its bytes, transcribed per channel (two speakers) once; rescore and a retry reuse the transcript', async () => {
    const audio = dualChannelWav(FIRST, SECOND, 8);
    const created = await upload(t, w.orgId, w.apiKey, audio);
    expect(created.statusCode).toBe(201);
    const { id, recordingId } = created.json();
    const recording = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey })).json();
    expect(recording).toMatchObject({ source: 'upload', channels: 2, durationSeconds: 8 });

    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    // One request per channel, each a mono WAV of that channel.
    expect(stt.requests.map((r) => [r.status, r.file?.fileName]).sort()).toEqual([
      [200, `${recordingId}-channel-1.wav`],
      [200, `${recordingId}-channel-2.wav`],
    ]);
    const done = await analysis(id);
    expect(done.status).not.toBe('error');
    expect(done.result.notes).not.toContain('No transcript: what was said was not scored');
    expect(done.transcript).toMatchObject({
      callId: null,
      recordingId,
      source: 'transcriber',
      segments: merged('channel:1', 'channel:2'),
      summary: NO_SUMMARY_MODEL,
    });
    expect(new Set(done.transcript.segments.map((s: { speaker: string }) => s.speaker))).toEqual(new Set(['channel:1', 'channel:2']));
    expect(await written(recordingId)).toBe(1);

    // Rescoring reads the stored transcript: the service is not asked again.
    const again = await rescore([id]);
    expect(again.statusCode).toBe(200);
    expect(again.json().rescored).toEqual([id]);
    expect((await analysis(id)).history).toHaveLength(2);
    expect(stt.requests).toHaveLength(2);

    // An analysis in error retried: scored again from the same transcript.
    await t.rows(`update analyses set status = 'error', error_reason = 'made up for the test' where id = $1`, [id]);
    expect((await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${id}/retry`, { apiKey: w.apiKey })).statusCode).toBe(200);
    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    expect((await analysis(id)).status).not.toBe('error');
    expect(stt.requests).toHaveLength(2);
    expect(await written(recordingId)).toBe(1);
  });

  it('a transcription refused for good fails the analysis at once with the reason; the retry transcribes once, and rescoring adds nothing', async () => {
    stt.expectKey('sk-a-key-we-do-not-have');
    const created = await upload(t, w.orgId, w.apiKey, dualChannelWav(FIRST, SECOND, 4));
    const { id, recordingId } = created.json();
    // A 401 is not retried: one run, and the analysis is in error.
    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    const failed = await analysis(id);
    expect(failed.status).toBe('error');
    expect(failed.errorReason).toMatch(/HTTP 401/);
    expect(failed.transcript).toMatchObject({
      transcript: null,
      transcriptionNote: expect.stringMatching(/^Transcription failed: .*HTTP 401/),
    });
    await stt.waitForRequests(2, 2_000).catch(() => undefined);
    const refused = stt.requests.length;
    expect(refused).toBeLessThanOrEqual(2);

    stt.expectKey(KEY);
    expect((await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${id}/retry`, { apiKey: w.apiKey })).statusCode).toBe(200);
    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    expect(await analysis(id)).toMatchObject({ errorReason: null, transcript: { source: 'transcriber', transcriptionNote: null } });
    expect(stt.requests.filter((r) => r.status === 200)).toHaveLength(2);

    expect((await rescore([id])).statusCode).toBe(200);
    expect(stt.requests).toHaveLength(refused + 2);
    expect(await written(recordingId)).toBe(1);
  });

  it('a call recording: the analysis first, then the conversation job: transcribed once, the job finds it done', async () => {
    const { callId, analysisId } = await storedCall();
    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    expect(stt.requests).toHaveLength(2);
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(1);
    expect(stt.requests).toHaveLength(2);

    const done = await analysis(analysisId);
    // An inbound call: the first channel is the caller, the second the agent.
    expect(done.transcript).toMatchObject({
      callId,
      source: 'transcriber',
      segments: merged('caller', 'agent'),
      summary: NO_SUMMARY_MODEL,
    });
    expect(done.result.notes).not.toContain('No transcript: what was said was not scored');
    expect(await written(callId)).toBe(1);
    expect((await rescore([analysisId])).statusCode).toBe(200);
    expect(stt.requests).toHaveLength(2);
  });

  it('a call recording: the conversation job first, then the analysis: transcribed once, scoring reads it', async () => {
    const { callId, analysisId } = await storedCall();
    expect(await t.drain(TRANSCRIBE_RECORDING_QUEUE)).toBe(1);
    expect(stt.requests).toHaveLength(2);
    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBe(1);
    expect(stt.requests).toHaveLength(2);
    expect((await analysis(analysisId)).transcript).toMatchObject({ callId, segments: merged('caller', 'agent') });
    expect(await written(callId)).toBe(1);
  });

  it('the conversation job and the analysis at the same time, against a slow service: one pays, the other waits for its transcript', async () => {
    const { callId, analysisId } = await storedCall();
    stt.answerDelayMs = 700;
    const [jobs, processed] = await Promise.all([t.drain(TRANSCRIBE_RECORDING_QUEUE), t.drain(PROCESS_ANALYSIS_QUEUE)]);
    expect([jobs, processed]).toEqual([1, 1]);
    expect(stt.requests).toHaveLength(2);
    const done = await analysis(analysisId);
    expect(done.status).not.toBe('error');
    expect(done.transcript.segments).toEqual(merged('caller', 'agent'));
    expect(done.result.notes).not.toContain('No transcript: what was said was not scored');
    expect(await written(callId)).toBe(1);
  });
});
