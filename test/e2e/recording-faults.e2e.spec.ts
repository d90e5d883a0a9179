import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { ObjectStorage, StorageUnavailableError } from '@domain/recording/ports/object-storage.port';
import { RecordingMediaSource } from '@domain/recording/ports/recording-media.port';
import { IMPORT_RECORDING_QUEUE, RecordingRetentionJob } from '@modules/recording';
import { IMPORT_RETRY_LIMIT } from '@modules/recording/recording-queues';
import { FakeSupabaseStorage } from '../fakes/fake-supabase-storage';
import { FakeTwilioServer, twilioError, type RecordedRequest, type ScriptedAnswer } from '../fakes/fake-twilio-server';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { pcmWav, pcmWavSeconds } from '../support/audio';

/**
 * The import of Twilio recordings under faults at every step, on both storage adapters:
 * Twilio's media answering 5xx, dropping the connection, or cutting the download short (from
 * the media host it redirects to); storage refusing uploads (503) or the upload breaking
 * half-way; the process "crashing" right after the upload and right after Twilio's delete;
 * Twilio's DELETE failing for longer than one job's retries. Whatever happens: no recording
 * lost, one object per recording, Twilio's copy never deleted before ours was read back, and
 * every Twilio copy deleted in the end.
 */

jest.setTimeout(240_000);

const RECORDINGS = 20;

/** A short stereo WAV whose samples depend on `seed`, so every recording has its own hash. */
function wav(frames: number, seed: number): Buffer {
  return pcmWav({
    frames,
    channels: 2,
    sample: (i, c) => (c === 0 ? Math.sin((i + seed * 31) / (5 + seed)) : Math.sin((i * (seed + 1)) / 7)) * 8000,
  });
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const audioAnswer = (audio: Buffer): ScriptedAnswer => ({ status: 200, body: audio, headers: { 'content-type': 'audio/x-wav' } });

/**
 * Twilio's media host (where api.twilio.com redirects media requests): serves each recording,
 * cutting the connection half-way through the body for the first `truncate` downloads of it.
 */
class MediaHost {
  readonly requests: { sid: string; authorization: string | undefined; truncated: boolean }[] = [];
  private readonly media = new Map<string, { audio: Buffer; truncate: number }>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<MediaHost> {
    let host: MediaHost | null = null;
    const server = http.createServer((req, res) => host!.handle(req, res));
    host = new MediaHost(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return host;
  }

  urlFor(sid: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/media/${sid}`;
  }

  serve(sid: string, audio: Buffer, truncate: number): void {
    this.media.set(sid, { audio, truncate });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const sid = (req.url ?? '').split('/').pop() ?? '';
    const entry = this.media.get(sid);
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    const truncated = entry.truncate > 0;
    this.requests.push({ sid, authorization: req.headers.authorization, truncated });
    res.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': String(entry.audio.length) });
    if (!truncated) {
      res.end(entry.audio);
      return;
    }
    entry.truncate -= 1;
    res.write(entry.audio.subarray(0, Math.floor(entry.audio.length / 2)), () => setTimeout(() => res.socket?.destroy(), 10));
  }
}

type StorageEvent = { seq: number; kind: 'put' | 'read'; key: string; size: number; sha256: string };
type TwilioEvent = { seq: number; kind: 'twilio-get' | 'twilio-delete'; sid: string; objectSha256AtThatMoment: string | null };
type Event = StorageEvent | TwilioEvent;

interface Planned {
  index: number;
  sid: string;
  callId: string;
  recordingId: string;
  key: string;
  audio: Buffer;
}

describe.each([['local'], ['supabase']] as const)('recording import under faults (%s storage)', (adapter) => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let host: MediaHost;
  let supabase: FakeSupabaseStorage | null = null;
  let w: TelephonyWorkspace;
  let admin: TestUser;
  const events: Event[] = [];
  let seq = 0;
  const bySid = new Map<string, Planned>();
  /** Per key: faults of the next uploads. */
  const putFaults = new Map<string, ('unavailable' | 'broken-body' | 'silently-corrupt')[]>();
  /** Keys whose next read-back "crashes" the process (right after their upload). */
  const crashAfterPut = new Set<string>();
  const crashArmed = new Set<string>();
  /** SIDs whose next successful Twilio delete is followed by a "crash" (before it is recorded). */
  const crashAfterDelete = new Set<string>();

  /** The bytes stored at `key` right now, read from the store itself (not through the app). */
  function storedBytes(key: string): Buffer | null {
    if (supabase) return supabase.readObject(key);
    const file = path.join(t.config.dataDir, 'objects', ...key.split('/'));
    return existsSync(file) ? readFileSync(file) : null;
  }

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    host = await MediaHost.start();
    const env: Record<string, string> = { TWILIO_API_BASE_URL: fake.baseUrl };
    if (adapter === 'supabase') {
      supabase = await FakeSupabaseStorage.start();
      Object.assign(env, { SUPABASE_URL: supabase.url, SUPABASE_SERVICE_ROLE_KEY: supabase.serviceKey, STORAGE_BUCKET: supabase.bucket });
    }
    t = await startTestApp({ env });
    w = await telephonyWorkspace(t);
    admin = await t.user();
    await t.request('GET', '/v1/me', { token: admin.token });
    const added = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/members`,
      { apiKey: w.apiKey },
      { userId: admin.id, role: 'admin' },
    );
    expect(added.statusCode).toBe(201);

    // Every request reaching the fake Twilio is an event; a DELETE notes what the store held at that instant.
    const push = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...requests: RecordedRequest[]): number => {
      for (const r of requests) {
        const m = /\/Recordings\/(RE[0-9a-f]{32})\.(wav|json)$/.exec(r.path);
        const planned = m ? bySid.get(m[1]!) : undefined;
        if (!m || !planned) continue;
        if (r.method === 'GET' && m[2] === 'wav')
          events.push({ seq: ++seq, kind: 'twilio-get', sid: planned.sid, objectSha256AtThatMoment: null });
        if (r.method === 'DELETE') {
          const bytes = storedBytes(planned.key);
          events.push({ seq: ++seq, kind: 'twilio-delete', sid: planned.sid, objectSha256AtThatMoment: bytes ? sha256(bytes) : null });
        }
      }
      return push(...requests);
    };

    // The storage the job holds, instrumented: faults in, writes and reads back out (with the hash of what was read).
    const storage = t.app.get(ObjectStorage);
    expect(storage.constructor.name).toBe(adapter === 'supabase' ? 'SupabaseObjectStorage' : 'LocalDiskObjectStorage');
    const put = storage.put.bind(storage);
    const get = storage.get.bind(storage);
    storage.put = async (key, body, options) => {
      const fault = putFaults.get(key)?.shift();
      if (fault === 'unavailable') {
        body.destroy();
        throw new StorageUnavailableError('Storage answered 503 (injected)', 503);
      }
      if (fault === 'silently-corrupt') {
        // The store keeps one bit changed, and answers with the size and SHA-256 of what it was sent.
        const sent = digestOf(body);
        const kept = await put(key, flipBitAt(sent.stream, 5000), { ...options, expectedSize: null });
        const claimed = { ...kept, size: sent.size(), sha256: sent.sha256() };
        events.push({ seq: ++seq, kind: 'put', key, size: claimed.size, sha256: claimed.sha256 });
        return claimed;
      }
      const stored = await put(key, fault === 'broken-body' ? breakAfter(body, 16 * 1024) : body, options);
      events.push({ seq: ++seq, kind: 'put', key, size: stored.size, sha256: stored.sha256 });
      if (crashAfterPut.delete(key)) crashArmed.add(key);
      return stored;
    };
    storage.get = async (key, range) => {
      if (crashArmed.delete(key)) throw new Error('The process died right after the upload (injected)');
      const found = await get(key, range);
      const hash = createHash('sha256');
      let size = 0;
      const reading = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
        flush(callback) {
          if (!range) events.push({ seq: ++seq, kind: 'read', key, size, sha256: hash.digest('hex') });
          callback();
        },
      });
      return { ...found, body: pipeline(found.body, reading, () => undefined) };
    };

    const media = t.app.get(RecordingMediaSource);
    const remove = media.delete.bind(media);
    media.delete = async (credentials, sid) => {
      const outcome = await remove(credentials, sid);
      if (crashAfterDelete.delete(sid)) throw new Error("The process died right after Twilio's delete (injected)");
      return outcome;
    };
  });

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await host?.close();
    await supabase?.stop();
  });

  /** A completed call recording announced by Twilio's callback; its media and DELETE answers scripted. */
  async function announce(
    index: number,
    audio: Buffer,
    mediaAnswers: (sid: string) => ScriptedAnswer[],
    deleteAnswers: ScriptedAnswer[],
  ): Promise<Planned> {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const sid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${sid}`;
    fake.script('GET', `${mediaPath}.wav`, mediaAnswers(sid));
    fake.script('DELETE', `${mediaPath}.json`, deleteAnswers);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: sid,
      RecordingChannels: '2',
      RecordingDuration: String(Math.round(pcmWavSeconds(audio, 2))),
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [row] = await t.rows(
      'select r.id, r.call_id from recordings r join calls c on c.id = r.call_id where r.twilio_recording_sid = $1',
      [sid],
    );
    const planned: Planned = {
      index,
      sid,
      callId: row!.call_id as string,
      recordingId: row!.id as string,
      key: `${w.orgId}/calls/${row!.call_id as string}/${row!.id as string}.wav`,
      audio,
    };
    bySid.set(sid, planned);
    return planned;
  }

  async function detail(recordingId: string, as: { apiKey: string } | { token: string } = { apiKey: w.apiKey }) {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, as);
    expect(r.statusCode).toBe(200);
    return r.json();
  }

  it(`imports ${RECORDINGS} recordings through faults at every step: none lost, one object each, Twilio's copy deleted only after ours was verified, and always in the end`, async () => {
    const planned: Planned[] = [];
    for (let i = 0; i < RECORDINGS; i++) {
      // Over 64 KB, so that a connection cut mid-upload cuts it.
      const audio = wav(20_000 + i * 97, i);
      // Twilio's media: 5xx, a dropped connection, or a download cut short at the media host.
      const media = (sid: string): ScriptedAnswer[] => {
        const redirect: ScriptedAnswer = { status: 302, headers: { location: host.urlFor(sid) } };
        switch (i % 4) {
          case 0:
            return [twilioError(503), audioAnswer(audio)];
          case 1:
            return [{ status: 200, destroy: true }, audioAnswer(audio)];
          case 2:
            return [twilioError(500), { status: 200, destroy: true }, audioAnswer(audio)];
          default:
            return [redirect];
        }
      };
      // Twilio's DELETE: fine, failing a little, or failing for longer than one job's retries.
      const deletes: ScriptedAnswer[] =
        i % 6 === 5
          ? [...Array.from({ length: IMPORT_RETRY_LIMIT + 3 }, () => twilioError(500)), { status: 204 }, twilioError(404, 20404)]
          : i % 3 === 1
            ? [twilioError(500), twilioError(503), { status: 204 }, twilioError(404, 20404)]
            : i % 3 === 2
              ? [{ status: 204, destroy: true }, { status: 204 }, twilioError(404, 20404)]
              : [{ status: 204 }, twilioError(404, 20404)];
      const p = await announce(i, audio, media, deletes);
      if (i % 4 === 3) host.serve(p.sid, audio, 1);
      if (i % 3 === 0) putFaults.set(p.key, [i % 2 === 0 ? 'unavailable' : 'broken-body']);
      if (i % 5 === 0) crashAfterPut.add(p.key);
      if (i % 7 === 3) crashAfterDelete.add(p.sid);
      planned.push(p);
    }
    if (supabase) {
      // Storage's own faults, through its HTTP API: 503 and a connection cut mid-upload, then a failed read-back.
      supabase.failNextUploads(1, 'unavailable');
      supabase.failNextUploads(1, 'drop-mid-upload');
      supabase.failNextRequests(1, 'internal-error', 'download');
    }

    const retention = t.app.get(RecordingRetentionJob);
    let requeued = 0;
    for (let round = 0; round < 6; round++) {
      await t.drain(IMPORT_RECORDING_QUEUE);
      const [{ waiting }] = (await t.rows(
        `select count(*)::int as waiting from recordings where organization_id = $1 and twilio_deleted_at is null`,
        [w.orgId],
      )) as [{ waiting: number }];
      if (waiting === 0) break;
      // The daily retention run sends back recordings whose Twilio copy is still there.
      requeued += (await retention.run()).requeued;
    }
    // Never deleted at Twilio without a verified copy: before every DELETE, the last write of
    // the object had the right bytes and was then read back whole with their SHA-256; and at
    // the instant the DELETE arrived, the store held exactly those bytes. Once Twilio's copy
    // was deleted, it was never fetched again.
    for (const p of planned) {
      const mine = events.filter((e) => ('sid' in e ? e.sid === p.sid : e.key === p.key));
      const deletes = mine.filter((e): e is TwilioEvent => e.kind === 'twilio-delete');
      for (const del of deletes) {
        const before = mine.filter((e) => e.seq < del.seq);
        const lastPut = before.filter((e) => e.kind === 'put').pop() as (StorageEvent & { kind: 'put' }) | undefined;
        expect({ index: p.index, sha256: lastPut?.sha256, size: lastPut?.size, atDelete: del.objectSha256AtThatMoment }).toEqual({
          index: p.index,
          sha256: sha256(p.audio),
          size: p.audio.length,
          atDelete: sha256(p.audio),
        });
        const verified = before.some(
          (e) => e.kind === 'read' && e.seq > lastPut!.seq && e.size === p.audio.length && e.sha256 === sha256(p.audio),
        );
        expect({ index: p.index, verifiedBeforeDelete: verified }).toEqual({ index: p.index, verifiedBeforeDelete: true });
      }
      const gets = mine.filter((e) => e.kind === 'twilio-get').map((e) => e.seq);
      if (deletes.length > 0) expect(Math.max(...gets)).toBeLessThan(deletes[0]!.seq);
    }

    for (const p of planned) {
      const d = await detail(p.recordingId);
      // 0 lost: stored, with the hash and size of what Twilio had, and the bytes really there.
      expect({
        index: p.index,
        status: d.status,
        sizeBytes: d.sizeBytes,
        sha256: d.sha256,
        objectKey: d.objectKey,
        storageBackend: d.storageBackend,
      }).toEqual({
        index: p.index,
        status: 'stored',
        sizeBytes: p.audio.length,
        sha256: sha256(p.audio),
        objectKey: p.key,
        storageBackend: adapter,
      });
      const bytes = storedBytes(p.key);
      expect(bytes && sha256(bytes)).toBe(sha256(p.audio));
      // Every Twilio copy deleted in the end, and each step on the custody trail once, however many runs it took.
      expect(d.twilioDeletedAt).not.toBeNull();
      expect(events.some((e) => e.kind === 'twilio-delete' && e.sid === p.sid)).toBe(true);
      const actions = (d.custody as { action: string }[]).map((c) => c.action);
      expect(actions).toEqual(['recording.received', 'recording.stored', 'recording.deleted_at_twilio']);
    }

    // Exactly one object per recording, and nothing half-written left behind.
    if (supabase) {
      expect(supabase.objectCount()).toBe(planned.length);
      for (const p of planned) expect(supabase.hasObject(p.key)).toBe(true);
    } else {
      const callsDir = path.join(t.config.dataDir, 'objects', w.orgId, 'calls');
      const found = readdirSync(callsDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(callsDir, path.join(e.parentPath, e.name)))
        .sort();
      const expected = planned.flatMap((p) => [`${p.callId}/${p.recordingId}.wav`, `${p.callId}/${p.recordingId}.wav.meta.json`]).sort();
      expect(found).toEqual(expected);
    }

    // Some DELETEs failed for longer than one job's retries: the retention run had to send them back.
    expect(requeued).toBeGreaterThan(0);

    // Every fault planned was met.
    expect([...putFaults.values()].flat()).toEqual([]);
    expect([...crashAfterPut, ...crashArmed, ...crashAfterDelete]).toEqual([]);
    expect(host.requests.filter((r) => r.truncated)).toHaveLength(planned.filter((p) => p.index % 4 === 3).length);
    // The media host is another origin: Twilio's credentials never go there.
    expect(host.requests.every((r) => r.authorization === undefined)).toBe(true);
    if (supabase) expect(supabase.requests.filter((r) => r.fault !== null)).toHaveLength(3);
  });

  it("a recording whose media never comes back fails with the reason in the API; an admin's retry imports it, others may not retry", async () => {
    const audio = wav(4000, 99);
    const p = await announce(RECORDINGS, audio, () => [twilioError(503)], [{ status: 204 }, twilioError(404, 20404)]);
    await t.drain(IMPORT_RECORDING_QUEUE);

    const failed = await detail(p.recordingId);
    expect(failed).toMatchObject({
      status: 'failed',
      importAttempts: IMPORT_RETRY_LIMIT + 1,
      failureReason: expect.stringMatching(/Twilio answered 503/),
      sha256: null,
      twilioDeletedAt: null,
    });
    expect(failed.custody.map((c: { action: string }) => c.action)).toEqual(['recording.received', 'recording.import_failed']);
    expect(failed.custody[1].details).toMatchObject({ status: 'failed', reason: failed.failureReason });
    // Tried every time, never deleted at Twilio, nothing stored.
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${p.sid}`;
    expect(fake.requestsTo(`${mediaPath}.wav`, 'GET')).toHaveLength(IMPORT_RETRY_LIMIT + 1);
    expect(fake.requestsTo(`${mediaPath}.json`, 'DELETE')).toHaveLength(0);
    expect(storedBytes(p.key)).toBeNull();
    // The list shows it too.
    const listed = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${p.callId}/recordings`, { apiKey: w.apiKey });
    expect(listed.json().data[0]).toMatchObject({ status: 'failed', failureReason: failed.failureReason });

    // Neither an agent nor a plain member may retry it.
    const member = await t.user();
    await t.request('GET', '/v1/me', { token: member.token });
    await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: member.id, role: 'member' });
    for (const who of [w.agent, member]) {
      const refused = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${p.recordingId}/retry`, { token: who.token });
      expect(refused.statusCode).toBe(403);
    }
    expect((await detail(p.recordingId)).status).toBe('failed');

    // Twilio is back; an admin retries.
    fake.script('GET', `${mediaPath}.wav`, [audioAnswer(audio)]);
    const retried = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${p.recordingId}/retry`, { token: admin.token });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ status: 'pending' });
    // A second retry while pending is refused.
    const again = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${p.recordingId}/retry`, { token: admin.token });
    expect(again.statusCode).toBe(409);

    await t.drain(IMPORT_RECORDING_QUEUE);
    const stored = await detail(p.recordingId, { token: admin.token });
    expect(stored).toMatchObject({ status: 'stored', sha256: sha256(audio), sizeBytes: audio.length, failureReason: null });
    expect(stored.twilioDeletedAt).not.toBeNull();
    expect(stored.custody.map((c: { action: string }) => c.action)).toEqual([
      'recording.received',
      'recording.import_failed',
      'recording.import_retried',
      'recording.stored',
      'recording.deleted_at_twilio',
    ]);
    expect(sha256(storedBytes(p.key)!)).toBe(sha256(audio));
    expect(fake.requestsTo(`${mediaPath}.json`, 'DELETE')).toHaveLength(1);
  });

  it("storage that silently keeps other bytes than it was sent (and says it kept them): the attempt is refused with the reason, retried, and Twilio's copy deleted only after a copy reads back with the download's hash", async () => {
    const audio = wav(12_000, 123);
    const p = await announce(RECORDINGS + 1, audio, () => [audioAnswer(audio)], [{ status: 204 }, twilioError(404, 20404)]);
    putFaults.set(p.key, ['silently-corrupt']);
    await t.drain(IMPORT_RECORDING_QUEUE);
    expect(putFaults.get(p.key)).toEqual([]);

    const d = await detail(p.recordingId);
    expect(d).toMatchObject({ status: 'stored', sha256: sha256(audio), sizeBytes: audio.length, failureReason: null });
    expect(d.twilioDeletedAt).not.toBeNull();
    expect((d.custody as { action: string }[]).map((c) => c.action)).toEqual([
      'recording.received',
      'recording.verification_failed',
      'recording.stored',
      'recording.deleted_at_twilio',
    ]);
    expect(d.custody[1].details).toMatchObject({
      stage: 'import',
      attempt: 1,
      reason: expect.stringMatching(
        new RegExp(
          `^The stored copy at ${p.key} reads back as ${audio.length} bytes with SHA-256 [0-9a-f]{64}, not the ${audio.length} bytes with SHA-256 ${sha256(audio)} downloaded$`,
        ),
      ),
    });

    // The lying write claimed the right hash; its read-back had another; no DELETE came before a good write read back right.
    const mine = events.filter((e) => ('sid' in e ? e.sid === p.sid : e.key === p.key));
    const reads = mine.filter((e): e is StorageEvent => e.kind === 'read');
    expect(reads.map((e) => e.sha256 === sha256(audio))).toEqual([false, true]);
    const deletes = mine.filter((e) => e.kind === 'twilio-delete') as TwilioEvent[];
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.seq).toBeGreaterThan(reads[1]!.seq);
    expect(deletes[0]!.objectSha256AtThatMoment).toBe(sha256(audio));
    expect(sha256(storedBytes(p.key)!)).toBe(sha256(audio));
  });
});

/** `body` passed through, with its size and SHA-256 once it has ended. */
function digestOf(body: Readable): { stream: Readable; size: () => number; sha256: () => string } {
  const hash = createHash('sha256');
  let size = 0;
  let hex: string | null = null;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      hex = hash.digest('hex');
      callback();
    },
  });
  return { stream: pipeline(body, counter, () => undefined), size: () => size, sha256: () => hex! };
}

/** `body` with one bit of byte `at` flipped (storage that changes what it keeps). */
function flipBitAt(body: Readable, at: number): Readable {
  let seen = 0;
  const flipper = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const start = seen;
      seen += chunk.length;
      if (start > at || seen <= at) return callback(null, chunk);
      const out = Buffer.from(chunk);
      out[at - start]! ^= 0x01;
      callback(null, out);
    },
  });
  return pipeline(body, flipper, () => undefined);
}

/** `body`, failing after `bytes` bytes (a disk or connection going away mid-write). */
function breakAfter(body: Readable, bytes: number): Readable {
  let seen = 0;
  const breaker = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > bytes) callback(new Error('The write broke half-way (injected)'));
      else callback(null, chunk);
    },
  });
  return pipeline(body, breaker, () => undefined);
}
