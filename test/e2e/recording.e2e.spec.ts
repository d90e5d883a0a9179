import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { ObjectStorage, type ObjectInfo, type StoredObject } from '@domain/recording/ports/object-storage.port';
import { RecordingMediaSource } from '@domain/recording/ports/recording-media.port';
import { LocalDiskObjectStorage } from '@infrastructure/storage/local-disk.storage';
import { FakeTwilioServer, twilioError, type ScriptedAnswer } from '../fakes/fake-twilio-server';
import { IMPORT_RECORDING_QUEUE, RecordingRetentionJob, TRANSCRIBE_RECORDING_QUEUE } from '@modules/recording';
import { IMPORT_RETRY_LIMIT } from '@modules/recording/recording-queues';
import type { Clock } from '@domain/shared/clock';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';
import { pcmWav, pcmWavSeconds, riffWaveThenRandom, wavHeaderThen } from '../support/audio';

class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A small stereo WAV. */
function wav(seconds: number): Buffer {
  return pcmWav({ frames: 8000 * seconds, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
}

describe('recording', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  const clock = new MovableClock();

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl }, clock });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function recordedCall(audio: Buffer) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, audio);
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingChannels: '2',
      RecordingDuration: String(pcmWavSeconds(audio, 2)),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    const r = await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken);
    expect(r.statusCode).toBe(204);
    const [callRow] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    return { callId: callRow!.id as string, recordingSid, mediaPath, callback };
  }

  it("copies a completed recording into storage, verifies it, then deletes Twilio's copy, all on the audit trail", async () => {
    const audio = wav(2);
    const { callId, recordingSid, mediaPath, callback } = await recordedCall(audio);
    const listed = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/recordings`, { apiKey: w.apiKey });
    expect(listed.json().data).toEqual([expect.objectContaining({ twilioRecordingSid: recordingSid, status: 'pending', channels: 2 })]);

    // A duplicate callback changes nothing.
    await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken);
    expect(await t.rows('select id from recordings where twilio_recording_sid = $1', [recordingSid])).toHaveLength(1);

    expect(await t.drain(IMPORT_RECORDING_QUEUE)).toBeGreaterThan(0);
    const id = listed.json().data[0].id;
    const detail = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${id}`, { apiKey: w.apiKey })).json();
    expect(detail).toMatchObject({
      status: 'stored',
      sizeBytes: audio.length,
      sha256: createHash('sha256').update(audio).digest('hex'),
      objectKey: `${w.orgId}/calls/${callId}/${id}.wav`,
      storageBackend: 'local',
    });
    expect(detail.twilioDeletedAt).not.toBeNull();
    // A retried step may delete twice (a reused keep-alive socket can drop the first answer); Twilio answers 404 then, which is fine.
    expect(fake.requestsTo(`${mediaPath}.json`, 'DELETE').length).toBeGreaterThanOrEqual(1);
    expect(detail.custody.map((c: { action: string }) => c.action)).toEqual([
      'recording.received',
      'recording.stored',
      'recording.deleted_at_twilio',
    ]);
    expect(detail.custody[1].details).toMatchObject({ sha256: detail.sha256, sizeBytes: audio.length });

    // No transcriber configured: the conversation says why.
    await t.drain(TRANSCRIBE_RECORDING_QUEUE);
    const conversation = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey });
    expect(conversation.json().transcriptionNote).toMatch(/No transcription service/);
  });

  it('plays back through a short-lived signed URL, each issue audited; tampered or expired URLs are refused', async () => {
    const audio = wav(1);
    const { callId } = await recordedCall(audio);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [rec] = await t.rows('select id from recordings where call_id = $1', [callId]);
    const issued = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/recordings/${rec!.id}/playback-url`,
      { token: w.owner.token },
      undefined,
      { 'user-agent': 'player/1' },
    );
    expect(issued.statusCode).toBe(201);
    const { url, expiresAt } = issued.json();
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    const path = url.replace(t.config.publicBaseUrl, '');
    const got = await t.app.inject({ method: 'GET', url: path });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(audio)).toBe(true);
    const range = await t.app.inject({ method: 'GET', url: path, headers: { range: 'bytes=0-43' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const tampered = await t.app.inject({ method: 'GET', url: path.replace(/signature=([^&]{4})/, 'signature=AAAA') });
    expect(tampered.statusCode).toBe(403);
    // The user agent is a person's: stored sealed under their key, read back through the API.
    const [stored] = await t.rows(`select user_agent from audit_logs where action = 'recording.playback_issued' and resource_id = $1`, [
      rec!.id,
    ]);
    expect(stored!.user_agent).not.toContain('player/1');
    const trail = await t.request('GET', `/v1/organizations/${w.orgId}/audit-logs?action=recording.playback_issued&resourceId=${rec!.id}`, {
      apiKey: w.apiKey,
    });
    expect(trail.json().data).toEqual([expect.objectContaining({ actorId: w.owner.id, userAgent: 'player/1' })]);

    clock.offsetMs = 301_000;
    try {
      const expired = await t.app.inject({ method: 'GET', url: path });
      expect(expired.statusCode).toBe(403);
      expect(expired.json().code).toBe('storage.url_expired');
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('keeps recordings until retention, except under legal hold, and deletion keeps the hash', async () => {
    const a = await recordedCall(wav(1));
    const b = await recordedCall(wav(1));
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [ra] = await t.rows('select id, sha256, object_key from recordings where call_id = $1', [a.callId]);
    const [rb] = await t.rows('select id from recordings where call_id = $1', [b.callId]);
    const hold = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/recordings/${rb!.id}/legal-hold`,
      { apiKey: w.apiKey },
      { hold: true, reason: 'case 42' },
    );
    expect(hold.json().legalHold).toBe(true);
    const patched = await t.request('PATCH', `/v1/organizations/${w.orgId}`, { apiKey: w.apiKey }, { settings: { retentionDays: 30 } });
    expect(patched.json().settings).toMatchObject({ retentionDays: 30, reviewThreshold: 0.6 });

    const retention = t.app.get(RecordingRetentionJob);
    expect((await retention.run()).deleted).toBe(0);
    clock.offsetMs = 31 * 86_400_000;
    try {
      // Every stored recording of the earlier tests is past retention too; only the held one stays.
      expect((await retention.run()).deleted).toBeGreaterThanOrEqual(1);
    } finally {
      clock.offsetMs = 0;
    }
    const deleted = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${ra!.id}`, { apiKey: w.apiKey })).json();
    expect(deleted).toMatchObject({ status: 'deleted', sha256: ra!.sha256 });
    expect(deleted.custody.map((c: { action: string; actorType: string }) => c.action)).toContain('recording.deleted');
    const kept = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${rb!.id}`, { apiKey: w.apiKey })).json();
    expect(kept.status).toBe('stored');
    const refused = await t.request('DELETE', `/v1/organizations/${w.orgId}/recordings/${rb!.id}`, { apiKey: w.apiKey });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('recording.legal_hold');
    const gone = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${ra!.id}/playback-url`, { apiKey: w.apiKey });
    expect(gone.statusCode).toBe(409);
  });

  it('writes a conversation through the API, audited without the words', async () => {
    const { callId } = await recordedCall(wav(1));
    const put = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { token: w.owner.token },
      {
        transcript: 'Hello, I am calling from your bank.',
        segments: [{ speaker: 'channel:1', startMs: 0, endMs: 1500, text: 'Hello, I am calling from your bank.' }],
        summary: 'Caller claims to be the bank.',
        language: 'en',
      },
    );
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ source: 'api', writtenBy: `user:${w.owner.id}`, language: 'en' });
    const audit = await t.rows(`select changes from audit_logs where action = 'conversation.written' and resource_id = $1`, [callId]);
    expect(JSON.stringify(audit)).not.toContain('bank');
    const bad = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      { transcript: 'x', segments: [{ speaker: 'a', startMs: 10, endMs: 5, text: 'x' }] },
    );
    expect(bad.statusCode).toBe(422);
  });
});

/**
 * Local disk that keeps other bytes than it was sent for the keys it is told to, and answers
 * as if it had kept what it was sent: the SHA-256 and size of the bytes it received, and (for
 * `truncate`) that size again from info(). Only reading the object back can tell.
 */
class LyingStorage extends ObjectStorage {
  readonly faults = new Map<string, 'flip' | 'truncate'>();
  private readonly claimed = new Map<string, number>();

  constructor(private readonly inner: ObjectStorage) {
    super();
  }

  async put(
    key: string,
    body: Readable,
    options: { contentType: string; overwrite: boolean; expectedSize?: number | null },
  ): Promise<StoredObject> {
    const fault = this.faults.get(key);
    if (!fault) return this.inner.put(key, body, options);
    const sent = createHash('sha256');
    let size = 0;
    const tamper = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const at = size;
        size += chunk.length;
        sent.update(chunk);
        if (fault === 'truncate') return done(null, at >= 1000 ? Buffer.alloc(0) : chunk.subarray(0, 1000 - at));
        const out = Buffer.from(chunk);
        // One bit of one sample, well inside the data chunk.
        if (at <= 1000 && size > 1000) out[1000 - at] ^= 0x01;
        done(null, out);
      },
    });
    const kept = await this.inner.put(
      key,
      pipeline(body, tamper, () => undefined),
      { ...options, expectedSize: null },
    );
    this.claimed.set(key, size);
    return { ...kept, size, sha256: sent.digest('hex') };
  }

  async info(key: string): Promise<ObjectInfo | null> {
    const found = await this.inner.info(key);
    const claimed = this.claimed.get(key);
    return found && claimed !== undefined ? { ...found, size: claimed } : found;
  }

  get(key: string, range?: { start: number; end?: number }) {
    return this.inner.get(key, range);
  }

  signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    return this.inner.signedUrl(key, expiresInSeconds);
  }

  remove(key: string): Promise<void> {
    return this.inner.remove(key);
  }
}

describe("recording custody: a copy counts as stored, and Twilio's is deleted, only once ours is verified", () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  let lying: LyingStorage;
  /** Per recording SID: how far the Content-Length the media source reports is off. */
  const contentLengthSkew = new Map<string, number>();

  const HTML_PAGE = '<html><body>Service Unavailable</body></html>';
  const wavAnswer = (audio: Buffer): ScriptedAnswer => ({ status: 200, body: audio, headers: { 'content-type': 'audio/x-wav' } });
  const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  const objectFile = (key: string): string => path.join(t.config.dataDir, 'objects', ...key.split('/'));

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);

    // The app's storage keeps its own behaviour except for the keys `lying.faults` names.
    const storage = t.app.get(ObjectStorage);
    expect(storage.constructor.name).toBe('LocalDiskObjectStorage');
    lying = new LyingStorage(new LocalDiskObjectStorage(t.config));
    storage.put = lying.put.bind(lying);
    storage.info = lying.info.bind(lying);

    const media = t.app.get(RecordingMediaSource);
    const open = media.open.bind(media);
    media.open = async (credentials, sid) => {
      const opened = await open(credentials, sid);
      const skew = contentLengthSkew.get(sid);
      return skew === undefined ? opened : { ...opened, contentLength: opened.contentLength! + skew };
    };
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  interface Announced {
    recordingId: string;
    callId: string;
    sid: string;
    mediaPath: string;
    key: string;
  }

  /** A completed recording Twilio reports with `channels` and `durationSeconds`; its download answers `media`. */
  async function announce(options: {
    media: ScriptedAnswer[];
    channels: number;
    durationSeconds: number;
    deletes?: ScriptedAnswer[];
  }): Promise<Announced> {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const sid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${sid}`;
    fake.script('GET', `${mediaPath}.wav`, options.media);
    fake.script('DELETE', `${mediaPath}.json`, options.deletes ?? [{ status: 204 }, twilioError(404, 20404)]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: sid,
      RecordingChannels: String(options.channels),
      RecordingDuration: String(options.durationSeconds),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [row] = await t.rows('select r.id, r.call_id from recordings r where r.twilio_recording_sid = $1', [sid]);
    const recordingId = row!.id as string;
    const callId = row!.call_id as string;
    return { recordingId, callId, sid, mediaPath, key: `${w.orgId}/calls/${callId}/${recordingId}.wav` };
  }

  async function detail(recordingId: string) {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    return r.json();
  }

  const actionsOf = (d: { custody: { action: string }[] }): string[] => d.custody.map((c) => c.action);

  /** Every attempt refused the bytes: failed with the reason, each attempt on the custody trail, nothing kept, Twilio never asked to delete. */
  async function expectRefusedEveryTime(p: Announced, reason: RegExp): Promise<void> {
    const d = await detail(p.recordingId);
    expect(d).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(reason),
      sha256: null,
      sizeBytes: null,
      storedAt: null,
      twilioDeletedAt: null,
    });
    expect(actionsOf(d)).toEqual([
      'recording.received',
      ...Array<string>(IMPORT_RETRY_LIMIT + 1).fill('recording.verification_failed'),
      'recording.import_failed',
    ]);
    const failures = d.custody.filter((c: { action: string }) => c.action === 'recording.verification_failed');
    failures.forEach((step: { details: Record<string, unknown> }, i: number) =>
      expect(step.details).toMatchObject({ status: 'pending', stage: 'import', attempt: i + 1, reason: expect.stringMatching(reason) }),
    );
    // Retried like any fault, and Twilio's copy kept.
    expect(fake.requestsTo(`${p.mediaPath}.wav`, 'GET')).toHaveLength(IMPORT_RETRY_LIMIT + 1);
    expect(fake.requestsTo(`${p.mediaPath}.json`, 'DELETE')).toHaveLength(0);
    // Nothing kept at the key: no object, no content-type sidecar.
    expect(await t.app.get(ObjectStorage).info(p.key)).toBeNull();
    expect(existsSync(objectFile(p.key))).toBe(false);
    expect(existsSync(`${objectFile(p.key)}.meta.json`)).toBe(false);
  }

  it('a 200 answer that is an HTML page (45 bytes of text/html) is never stored nor sent to speech-to-text; Twilio keeps its copy', async () => {
    expect(HTML_PAGE).toHaveLength(45);
    const p = await announce({
      media: [{ status: 200, body: HTML_PAGE, headers: { 'content-type': 'text/html' } }],
      channels: 2,
      durationSeconds: 5,
    });
    await t.drain(IMPORT_RECORDING_QUEUE);
    await expectRefusedEveryTime(p, /^Twilio answered with text\/html, not audio$/);
    const [transcribe] = await t.rows(`select count(*)::int as n from pgboss.job where name = $1 and data->>'recordingId' = $2`, [
      TRANSCRIBE_RECORDING_QUEUE,
      p.recordingId,
    ]);
    expect(transcribe!.n).toBe(0);
  });

  it('a WAV answered without a Content-Type is not taken for audio', async () => {
    const p = await announce({ media: [{ status: 200, body: wav(2) }], channels: 2, durationSeconds: 2 });
    await t.drain(IMPORT_RECORDING_QUEUE);
    await expectRefusedEveryTime(p, /^Twilio answered with no media type, not audio$/);
  });

  it('a refused download is retried like any fault: the next good one is stored, verified, and only then deleted at Twilio', async () => {
    const audio = wav(3);
    const p = await announce({
      media: [{ status: 200, body: HTML_PAGE, headers: { 'content-type': 'audio/x-wav' } }, wavAnswer(audio)],
      channels: 2,
      durationSeconds: 3,
    });
    await t.drain(IMPORT_RECORDING_QUEUE);
    const d = await detail(p.recordingId);
    expect(d).toMatchObject({ status: 'stored', sha256: sha256(audio), sizeBytes: audio.length, failureReason: null });
    expect(d.twilioDeletedAt).not.toBeNull();
    expect(actionsOf(d)).toEqual([
      'recording.received',
      'recording.verification_failed',
      'recording.stored',
      'recording.deleted_at_twilio',
    ]);
    expect(d.custody[1].details).toMatchObject({ stage: 'import', attempt: 1, reason: 'Not a WAV file: no RIFF/WAVE header' });
    expect(readFileSync(objectFile(p.key)).equals(audio)).toBe(true);
    expect(fake.requestsTo(`${p.mediaPath}.wav`, 'GET')).toHaveLength(2);
  });

  it.each([
    [
      'a 20 KB WAV whose header says 30 s, for a 600 s recording',
      () =>
        wavHeaderThen(
          { channels: 2, dataBytes: 30 * 8000 * 4 },
          pcmWav({ frames: 5000, channels: 2, sample: (f) => f % 300 }).subarray(44),
        ),
      { channels: 2, durationSeconds: 600 },
      /^Truncated WAV file: the data chunk ended after 20000 of 960000 bytes$/,
    ],
    [
      'a whole 30 s WAV for a 600 s recording',
      () => wav(30),
      { channels: 2, durationSeconds: 600 },
      /^Twilio reported 600 s; the audio lasts 30 s$/,
    ],
    [
      'a 2 s WAV for a 5 s recording (more than 2 s off)',
      () => wav(2),
      { channels: 2, durationSeconds: 5 },
      /^Twilio reported 5 s; the audio lasts 2 s$/,
    ],
    [
      'a mono WAV for a dual-channel recording',
      () => pcmWav({ frames: 8000 * 4, sample: (f) => f % 1000 }),
      { channels: 2, durationSeconds: 4 },
      /^Twilio reported 2 channels; the audio has 1$/,
    ],
    [
      'a stereo WAV for a one-channel recording',
      () => wav(4),
      { channels: 1, durationSeconds: 4 },
      /^Twilio reported 1 channel; the audio has 2$/,
    ],
    [
      'a header-only WAV',
      () => wavHeaderThen({ channels: 2, dataBytes: 0 }, Buffer.alloc(0)),
      { channels: 2, durationSeconds: 0 },
      /^The WAV file holds no audio: its data chunk is empty$/,
    ],
    [
      'RIFF/WAVE followed by random bytes',
      () => riffWaveThenRandom(20_000),
      { channels: 2, durationSeconds: 1 },
      /^Invalid WAV file: no chunk header at byte 12 \(0x[0-9a-f]{8}\)$/,
    ],
  ])('%s is refused at every attempt, with the reason, and Twilio keeps its copy', async (_label, audio, reported, reason) => {
    const body = audio();
    const p = await announce({ media: [wavAnswer(body)], ...reported });
    await t.drain(IMPORT_RECORDING_QUEUE);
    await expectRefusedEveryTime(p, reason);
    // What Twilio reported is kept as it was; nothing says the audio is there.
    expect(await detail(p.recordingId)).toMatchObject({
      channels: reported.channels,
      durationSeconds: reported.durationSeconds,
      objectKey: null,
    });
  });

  it('a WAV within tolerance of the reported duration (rounded seconds, a little lost at either end) is stored', async () => {
    const audio = pcmWav({ frames: 8000 * 61 + 4000, channels: 2, sample: (f, c) => (f * (c + 1)) % 2000 });
    const p = await announce({ media: [wavAnswer(audio)], channels: 2, durationSeconds: 60 });
    await t.drain(IMPORT_RECORDING_QUEUE);
    expect(await detail(p.recordingId)).toMatchObject({ status: 'stored', sha256: sha256(audio) });
  });

  it.each([
    ['more bytes than arrive', 1000, /^Twilio announced \d+ bytes \(Content-Length\) but \d+ arrived$/],
    ['fewer bytes than arrive', -1000, /^Twilio announced \d+ bytes \(Content-Length\) but more arrived$/],
  ])('a Content-Length announcing %s is a refused attempt, never a stored copy', async (_label, skew, reason) => {
    const audio = wav(2);
    const p = await announce({ media: [wavAnswer(audio)], channels: 2, durationSeconds: 2 });
    contentLengthSkew.set(p.sid, skew);
    await t.drain(IMPORT_RECORDING_QUEUE);
    await expectRefusedEveryTime(p, reason);
    const [first] = (await detail(p.recordingId)).custody.filter((c: { action: string }) => c.action === 'recording.verification_failed');
    expect(first.details.reason).toContain(`announced ${audio.length + skew} bytes`);
  });

  it.each([
    ['flips one bit of what it keeps', 'flip' as const],
    ['keeps only the first 1,000 bytes', 'truncate' as const],
  ])(
    'storage that silently %s (and reports what it was sent) never leads to a stored recording or a DELETE at Twilio',
    async (_label, fault) => {
      const audio = wav(2);
      const p = await announce({ media: [wavAnswer(audio)], channels: 2, durationSeconds: 2 });
      lying.faults.set(p.key, fault);
      try {
        await t.drain(IMPORT_RECORDING_QUEUE);
      } finally {
        lying.faults.delete(p.key);
      }
      await expectRefusedEveryTime(
        p,
        new RegExp(
          `^The stored copy at ${p.key} reads back as ${fault === 'flip' ? audio.length : 1000} bytes with SHA-256 [0-9a-f]{64}, not the ${audio.length} bytes with SHA-256 ${sha256(audio)} downloaded$`,
        ),
      );
    },
  );

  it("a stored copy that changes before Twilio's copy is deleted (a deletion left for later) stops the DELETE", async () => {
    const audio = wav(2);
    const failing = Array.from({ length: IMPORT_RETRY_LIMIT + 1 }, () => twilioError(500));
    const p = await announce({
      media: [wavAnswer(audio)],
      channels: 2,
      durationSeconds: 2,
      deletes: [...failing, { status: 204 }, twilioError(404, 20404)],
    });
    await t.drain(IMPORT_RECORDING_QUEUE);
    const stored = await detail(p.recordingId);
    expect(stored).toMatchObject({ status: 'stored', sha256: sha256(audio), twilioDeletedAt: null });
    expect(fake.requestsTo(`${p.mediaPath}.json`, 'DELETE')).toHaveLength(IMPORT_RETRY_LIMIT + 1);

    // The bytes on disk change (same size); the daily run sends the recording back for its deletion.
    const file = objectFile(p.key);
    const rotten = readFileSync(file);
    rotten[rotten.length - 7]! ^= 0x10;
    writeFileSync(file, rotten);
    expect((await t.app.get(RecordingRetentionJob).run()).requeued).toBeGreaterThanOrEqual(1);
    await t.drain(IMPORT_RECORDING_QUEUE);

    const after = await detail(p.recordingId);
    expect(after.twilioDeletedAt).toBeNull();
    expect(fake.requestsTo(`${p.mediaPath}.json`, 'DELETE')).toHaveLength(IMPORT_RETRY_LIMIT + 1);
    const refusals = after.custody.filter((c: { action: string }) => c.action === 'recording.verification_failed');
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0].details).toMatchObject({
      status: 'stored',
      stage: 'before_twilio_delete',
      reason: expect.stringMatching(
        /^The stored copy at .* reads back as \d+ bytes with SHA-256 [0-9a-f]{64}, not the \d+ bytes with SHA-256 [0-9a-f]{64} downloaded$/,
      ),
    });
    expect(actionsOf(after)).not.toContain('recording.deleted_at_twilio');
  });
});
