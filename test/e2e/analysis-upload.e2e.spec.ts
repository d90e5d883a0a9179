import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { pcmWav, riffWaveThenRandom, wavHeaderThen } from '../support/audio';

/** A mono WAV of `totalBytes` bytes (header included), silent or filled with `fill`. */
function wav(totalBytes = 44 + 1600, fill = 0): Buffer {
  return pcmWav({ frames: (totalBytes - 44) / 2, sample: () => fill * 257 - (fill > 127 ? 65536 : 0) });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An ID3v2.4 tag of `size` bytes (after its 10-byte header), all padding. */
function id3Tag(size: number): Buffer {
  const header = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
  return Buffer.concat([header, Buffer.alloc(size)]);
}

/** `frames` MPEG-1 Layer III frames, 128 kbit/s at 44.1 kHz, joint stereo (417 bytes each, no padding): 26 ms each. */
function mp3Frames(frames: number): Buffer {
  const frame = Buffer.alloc(417, 0x55);
  frame.set([0xff, 0xfb, 0x90, 0x44], 0);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body, written out by hand. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----switchboard-test-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    head += '\r\n';
    chunks.push(Buffer.from(head, 'utf8'), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(t: TestApp, orgId: string, apiKey: string, parts: Part[]): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipart(parts);
  return t.app.inject({
    method: 'POST',
    url: `/v1/organizations/${orgId}/analyses`,
    headers: { 'x-api-key': apiKey, 'content-type': contentType },
    payload,
  });
}

const filePart = (data: Buffer | string, contentType = 'audio/wav', filename = 'call.wav'): Part => ({
  name: 'file',
  filename,
  contentType,
  data,
});

/** Every file under the organization's objects (temporary files included), relative to it. */
function objectsOf(t: TestApp, orgId: string): string[] {
  const root = path.join(t.config.dataDir, 'objects', orgId);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

async function count(t: TestApp, table: 'recordings' | 'analyses', orgId: string): Promise<number> {
  const [row] = await t.rows(`select count(*)::int as n from ${table} where organization_id = $1`, [orgId]);
  return Number(row!.n);
}

describe('analysis of an uploaded file (multipart) or of a call', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a WAV, answers 201 with its name and hash, and the analysis completes noting there was no transcript', async () => {
    const { orgId, apiKey } = await t.organization();
    const audio = wav(44 + 3200, 1);
    const res = await upload(t, orgId, apiKey, [filePart(audio, 'audio/wav', 'suspicious call.wav')]);
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      source: 'upload',
      fileName: 'suspicious call.wav',
      fileHash: sha256(audio),
      callId: null,
      status: 'pending',
      result: null,
    });
    expect(created.recordingId).toEqual(expect.any(String));

    const [recording] = await t.rows(
      'select source, status, call_id, sha256, size_bytes, content_type, object_key from recordings where id = $1',
      [created.recordingId],
    );
    expect(recording).toMatchObject({
      source: 'upload',
      status: 'stored',
      call_id: null,
      sha256: sha256(audio),
      content_type: 'audio/wav',
    });
    expect(Number(recording!.size_bytes)).toBe(audio.length);
    expect(recording!.object_key).toBe(`${orgId}/uploads/${created.recordingId}.wav`);
    expect(fs.readFileSync(path.join(t.config.dataDir, 'objects', recording!.object_key as string)).equals(audio)).toBe(true);
    expect(objectsOf(t, orgId)).toEqual([`uploads/${created.recordingId}.wav`, `uploads/${created.recordingId}.wav.meta.json`]);

    expect(await t.drain(PROCESS_ANALYSIS_QUEUE)).toBeGreaterThanOrEqual(1);
    const done = (await t.request('GET', `/v1/organizations/${orgId}/analyses/${created.id}`, { apiKey })).json();
    expect(done.status).toBe('completed');
    expect(done.result.notes).toEqual(['No transcript: what was said was not scored']);
    expect(done.result.fraudScore).toBeLessThan(0.6);
    expect(done.completedAt).not.toBeNull();
    expect(done.history).toHaveLength(1);
    expect(done.recording).toMatchObject({ id: created.recordingId });
    expect(done.transcript).toBeNull();
  });

  it('a WAV sent as application/octet-stream (as `curl -F file=@call.wav` sends it) is taken for what its bytes are: 201, stored as audio/wav', async () => {
    const { orgId, apiKey } = await t.organization();
    const audio = wav(44 + 16000, 9);
    const res = await upload(t, orgId, apiKey, [filePart(audio, 'application/octet-stream', 'call.wav')]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'upload', fileHash: sha256(audio) });
    const [recording] = await t.rows('select content_type, object_key, channels, duration_seconds from recordings where id = $1', [
      res.json().recordingId,
    ]);
    expect(recording).toMatchObject({
      content_type: 'audio/wav',
      object_key: `${orgId}/uploads/${res.json().recordingId}.wav`,
      channels: 1,
      duration_seconds: 1,
    });
  });

  it('a stereo WAV is recorded with its 2 channels and its duration (so its speakers can be told apart)', async () => {
    const { orgId, apiKey } = await t.organization();
    const audio = pcmWav({ frames: 8000 * 3, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 9 : 13)) * 6000 });
    const res = await upload(t, orgId, apiKey, [filePart(audio, 'audio/x-wav', 'stereo.wav')]);
    expect(res.statusCode).toBe(201);
    const detail = (await t.request('GET', `/v1/organizations/${orgId}/recordings/${res.json().recordingId}`, { apiKey })).json();
    expect(detail).toMatchObject({
      source: 'upload',
      status: 'stored',
      channels: 2,
      durationSeconds: 3,
      sizeBytes: audio.length,
      sha256: sha256(audio),
    });
    expect(detail.custody[0].details).toMatchObject({ channels: 2, durationSeconds: 3 });
  });

  it('an MP3 (an ID3 tag, then MPEG frames) is accepted with the channels and duration of its frames', async () => {
    const { orgId, apiKey } = await t.organization();
    const audio = Buffer.concat([id3Tag(64), mp3Frames(200)]);
    const res = await upload(t, orgId, apiKey, [filePart(audio, 'audio/mpeg', 'call.mp3')]);
    expect(res.statusCode).toBe(201);
    const [recording] = await t.rows('select content_type, object_key, channels, duration_seconds from recordings where id = $1', [
      res.json().recordingId,
    ]);
    // 200 frames of 1,152 samples at 44.1 kHz: 5.2 s.
    expect(recording).toMatchObject({ content_type: 'audio/mpeg', channels: 2, duration_seconds: 5 });
  });

  it('the same bytes again (under another name) give back the first analysis with 200, storing nothing new; another organization gets its own', async () => {
    const { orgId, apiKey } = await t.organization();
    const audio = wav(44 + 2000, 7);
    const first = await upload(t, orgId, apiKey, [filePart(audio)]);
    expect(first.statusCode).toBe(201);
    const objects = objectsOf(t, orgId);
    expect(objects).toHaveLength(2);

    for (const name of ['call.wav', 'copy of call.wav']) {
      const again = await upload(t, orgId, apiKey, [filePart(audio, 'audio/x-wav', name)]);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({
        id: first.json().id,
        recordingId: first.json().recordingId,
        fileHash: sha256(audio),
        fileName: 'call.wav',
      });
    }
    expect(await count(t, 'recordings', orgId)).toBe(1);
    expect(await count(t, 'analyses', orgId)).toBe(1);
    expect(objectsOf(t, orgId)).toEqual(objects);

    // A different file is a different analysis.
    const other = await upload(t, orgId, apiKey, [filePart(wav(44 + 2000, 8))]);
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
    expect(await count(t, 'recordings', orgId)).toBe(2);

    // Deduplication is per organization.
    const elsewhere = await t.organization('Elsewhere');
    const theirs = await upload(t, elsewhere.orgId, elsewhere.apiKey, [filePart(audio)]);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(first.json().id);
    expect(theirs.json().fileHash).toBe(sha256(audio));
  });

  describe('refused uploads store nothing', () => {
    let orgId: string;
    let apiKey: string;

    beforeAll(async () => {
      ({ orgId, apiKey } = await t.organization('Refusals'));
    });
    afterEach(async () => {
      expect(await count(t, 'recordings', orgId)).toBe(0);
      expect(await count(t, 'analyses', orgId)).toBe(0);
      expect(objectsOf(t, orgId)).toEqual([]);
    });

    it.each([
      ['text/plain text', 'text/plain', Buffer.from('hello, this is not audio at all'), 'notes.txt'],
      ['application/octet-stream text', 'application/octet-stream', Buffer.from('hello, this is not audio at all'), 'notes.bin'],
      ['audio/wav whose bytes are text', 'audio/wav', Buffer.from('this is plain text pretending to be a wav file'), 'fake.wav'],
      ['audio/wav of 4 bytes', 'audio/wav', Buffer.from('RIFF'), 'short.wav'],
      ['audio/mpeg whose bytes are a WAV', 'audio/mpeg', wav(), 'call.mp3'],
    ] as const)('%s → 415 upload.unsupported_type', async (_label, contentType, data, filename) => {
      const res = await upload(t, orgId, apiKey, [filePart(data, contentType, filename)]);
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('upload.unsupported_type');
    });

    it.each([
      [
        'a 15-byte RIFF…WAVEfmt',
        Buffer.from('RIFF\x07\x00\x00\x00WAVEfmt', 'latin1'),
        /^Not a WAV file: the stream ended before the data chunk$/,
      ],
      ['a header-only WAV', wav(44), /^The WAV file holds no audio: its data chunk is empty$/],
      [
        'a header-only WAV declaring 3,200 bytes of data',
        wavHeaderThen({ dataBytes: 3200 }, Buffer.alloc(0)),
        /^Truncated WAV file: the data chunk ended after 0 of 3200 bytes$/,
      ],
      ['a truncated WAV', wav(44 + 3200, 5).subarray(0, 44 + 1000), /^Truncated WAV file: the data chunk ended after 1000 of 3200 bytes$/],
      ['RIFF/WAVE followed by random bytes', riffWaveThenRandom(4000), /^Invalid WAV file: no chunk header at byte 12 \(0x[0-9a-f]{8}\)$/],
    ] as const)('%s (audio/wav) → 422 upload.not_audio with the reason', async (_label, data, reason) => {
      const res = await upload(t, orgId, apiKey, [filePart(data)]);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'upload.not_audio', detail: expect.stringMatching(reason) });
    });

    it.each([
      [
        'an ID3 tag and no frames',
        'audio/mpeg',
        Buffer.concat([id3Tag(200), Buffer.alloc(50)]),
        /^Not an MP3 file: no complete MPEG audio frame$/,
      ],
      [
        'an ID3 tag then bytes that are no MPEG frame',
        'audio/mpeg',
        Buffer.concat([id3Tag(20), Buffer.from('this is not an mpeg frame at all')]),
        /^Not an MP3 file: no MPEG audio frame at byte 30$/,
      ],
      ['a header-only WAV sent as application/octet-stream', 'application/octet-stream', wav(44), /^The WAV file holds no audio/],
    ] as const)('%s (%s) → 422 upload.not_audio', async (_label, contentType, data, reason) => {
      const res = await upload(t, orgId, apiKey, [filePart(data, contentType, 'call.mp3')]);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'upload.not_audio', detail: expect.stringMatching(reason) });
    });

    it('a large file refused at its first bytes, over a real socket: 422 at once, and the same keep-alive connection takes the next upload', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      /** Resolves once the answer has arrived and the whole request was written (so the server read all of it). */
      const send = (parts: Part[]) =>
        new Promise<{ status: number; body: string; reusedSocket: boolean }>((resolve, reject) => {
          const { payload, contentType } = multipart(parts);
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              agent,
              method: 'POST',
              path: `/v1/organizations/${orgId}/analyses`,
              headers: { 'x-api-key': apiKey, 'content-type': contentType, 'content-length': String(payload.length) },
            },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              const answered = new Promise<void>((done) => res.on('end', done));
              const written = new Promise<void>((done) => (req.writableFinished ? done() : req.on('finish', done)));
              void Promise.all([answered, written]).then(() => resolve({ status: res.statusCode!, body, reusedSocket: req.reusedSocket }));
            },
          );
          req.on('error', reject);
          req.end(payload);
        });
      try {
        const refused = await send([filePart(riffWaveThenRandom(16 * 1024 * 1024))]);
        expect(refused.status).toBe(422);
        expect(JSON.parse(refused.body)).toMatchObject({
          code: 'upload.not_audio',
          detail: expect.stringMatching(/^Invalid WAV file: no chunk header at byte 12/),
        });
        // The rest of the refused file was read and dropped: the connection is free for the next request.
        const next = await send([filePart(Buffer.from('hello, not audio'), 'text/plain', 'notes.txt')]);
        expect(next).toMatchObject({ status: 415, reusedSocket: true });
      } finally {
        agent.destroy();
      }
    });

    it('an empty file → 4xx upload.empty', async () => {
      const res = await upload(t, orgId, apiKey, [filePart(Buffer.alloc(0))]);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().code).toBe('upload.empty');
    });

    it('no part named "file" → 400', async () => {
      const other = await upload(t, orgId, apiKey, [{ name: 'audio', filename: 'call.wav', contentType: 'audio/wav', data: wav() }]);
      expect(other.statusCode).toBe(400);
      expect(other.json()).toMatchObject({ code: 'validation.failed', errors: [{ path: 'file', message: 'required' }] });
      const onlyFields = await upload(t, orgId, apiKey, [{ name: 'note', data: 'no file here' }]);
      expect(onlyFields.statusCode).toBe(400);
      expect(onlyFields.json().code).toBe('validation.failed');
    });

    it('a reviewer may not upload (403); an outsider gets 404', async () => {
      const reviewer = await t.user();
      await t.request('GET', '/v1/me', { token: reviewer.token });
      await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: reviewer.id, role: 'reviewer' });
      const { payload, contentType } = multipart([filePart(wav())]);
      const asReviewer = await t.app.inject({
        method: 'POST',
        url: `/v1/organizations/${orgId}/analyses`,
        headers: { authorization: `Bearer ${reviewer.token}`, 'content-type': contentType },
        payload,
      });
      expect([asReviewer.statusCode, asReviewer.json().code]).toEqual([403, 'auth.forbidden']);
      const outsider = await t.organization('Outsider');
      const asOutsider = await upload(t, orgId, outsider.apiKey, [filePart(wav())]);
      expect(asOutsider.statusCode).toBe(404);
    });
  });

  describe('with ANALYSIS_UPLOAD_MAX_BYTES=2048', () => {
    let small: TestApp;

    beforeAll(async () => {
      small = await startTestApp({ env: { ANALYSIS_UPLOAD_MAX_BYTES: '2048' } });
    });
    afterAll(async () => {
      await small.close();
    });

    it('4,096 bytes of valid WAV → 413, nothing stored; 2,048 bytes are accepted', async () => {
      const { orgId, apiKey } = await small.organization();
      const res = await upload(small, orgId, apiKey, [filePart(wav(4096, 3))]);
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toMatch(/too_large$/);
      expect(await count(small, 'recordings', orgId)).toBe(0);
      expect(await count(small, 'analyses', orgId)).toBe(0);
      expect(objectsOf(small, orgId)).toEqual([]);

      const fits = await upload(small, orgId, apiKey, [filePart(wav(2048, 3))]);
      expect(fits.statusCode).toBe(201);
      expect(fits.json().fileHash).toBe(sha256(wav(2048, 3)));
      expect(await count(small, 'recordings', orgId)).toBe(1);
    });
  });

  describe('a call id (JSON)', () => {
    let fake: FakeTwilioServer;
    let calls: TestApp;
    let mine: TelephonyWorkspace;
    let theirs: TelephonyWorkspace;

    beforeAll(async () => {
      fake = await FakeTwilioServer.start();
      calls = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
      mine = await telephonyWorkspace(calls);
      theirs = await telephonyWorkspace(calls);
    });
    afterAll(async () => {
      await calls.close();
      await fake.close();
    });

    async function call(w: TelephonyWorkspace): Promise<{ callId: string; sid: string }> {
      const params = {
        ...samples.incoming_voice_call.params,
        AccountSid: w.accountSid,
        To: w.number,
        Called: w.number,
        CallSid: callSid(),
      };
      const res = await twilioPost(calls, '/webhooks/twilio/voice', params, w.authToken);
      expect(res.statusCode).toBe(200);
      const [row] = await calls.rows('select id from calls where call_sid = $1', [params.CallSid]);
      return { callId: row!.id as string, sid: params.CallSid };
    }

    async function recordedCall(w: TelephonyWorkspace): Promise<string> {
      const { callId, sid } = await call(w);
      const recordingSid = `RE${hex(32)}`;
      const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
      // One second of mono audio, as the callback says.
      fake.serveMedia(`${mediaPath}.wav`, wav(44 + 16000));
      fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
      await twilioPost(
        calls,
        '/webhooks/twilio/recording',
        {
          ...samples.recording_status_callback.completed,
          AccountSid: w.accountSid,
          CallSid: sid,
          RecordingSid: recordingSid,
          RecordingChannels: '1',
          RecordingDuration: '1',
          RecordingStartTime: new Date().toUTCString(),
          RecordingUrl: `https://api.twilio.com${mediaPath}`,
        },
        w.authToken,
      );
      await calls.drain(IMPORT_RECORDING_QUEUE);
      const [rec] = await calls.rows('select status from recordings where call_id = $1', [callId]);
      expect(rec!.status).toBe('stored');
      return callId;
    }

    const analyse = (w: TelephonyWorkspace, callId: string) =>
      calls.request('POST', `/v1/organizations/${w.orgId}/analyses`, { apiKey: w.apiKey }, { callId });

    it('a call without a stored recording → 404, nothing created', async () => {
      const { callId } = await call(mine);
      const res = await analyse(mine, callId);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('recording.not_found');
      expect(await calls.rows('select id from analyses where call_id = $1', [callId])).toEqual([]);
    });

    it('an unknown call id → 404; a malformed one → 400', async () => {
      expect((await analyse(mine, '0193a000-0000-7000-8000-00000000dead')).statusCode).toBe(404);
      const bad = await analyse(mine, 'not-a-uuid');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('validation.failed');
    });

    it("another tenant's call (with a stored recording) → 404 and nothing created; its own tenant gets 201 then 200", async () => {
      const callId = await recordedCall(theirs);
      const res = await analyse(mine, callId);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('recording.not_found');
      expect(await count(calls, 'analyses', mine.orgId)).toBe(0);
      expect(await calls.rows('select id from analyses where call_id = $1', [callId])).toEqual([]);

      const own = await analyse(theirs, callId);
      expect(own.statusCode).toBe(201);
      expect(own.json()).toMatchObject({ source: 'call', callId, status: 'pending' });
      const again = await analyse(theirs, callId);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(own.json().id);
    });
  });
});
