import { createHash } from 'node:crypto';
import { FakeSupabaseStorage } from '../fakes/fake-supabase-storage';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { pcmWav, pcmWavSeconds } from '../support/audio';
import { startTestApp, type TestApp } from '../support/test-app';
import { postgresUrl } from '../support/test-environment';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { ServiceProcess } from './service-process';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two replicas (service child processes with job workers) on one PostgreSQL, recordings in one
 * Supabase Storage (the fake), Twilio's media from the fake. The in-test app only receives the
 * webhooks and enqueues (no workers).
 *
 * - A replica killed (-9) while its import's download hangs: the other replica retries the
 *   import once the dead one's claim lapses (JOB_LEASE_SECONDS, default 30 s); the time is printed.
 * - Imports spread over both replicas: each recording is downloaded once, stored once, deleted
 *   at Twilio once, and the audit chain verifies.
 */
(postgresUrl() ? describe : describe.skip)('two replicas sharing the job queue', () => {
  let t: TestApp;
  let twilio: FakeTwilioServer;
  let storage: FakeSupabaseStorage;
  let w: TelephonyWorkspace;
  const replicas: ServiceProcess[] = [];

  const replica = async (): Promise<ServiceProcess> => {
    const r = await ServiceProcess.start(t.config.databaseUrl!, {
      JOBS_ENABLED: 'true',
      TWILIO_API_BASE_URL: twilio.baseUrl,
      SUPABASE_URL: storage.url,
      SUPABASE_SERVICE_ROLE_KEY: storage.serviceKey,
      STORAGE_BUCKET: storage.bucket,
    });
    replicas.push(r);
    return r;
  };

  beforeAll(async () => {
    twilio = await FakeTwilioServer.start();
    storage = await FakeSupabaseStorage.start();
    t = await startTestApp({
      env: {
        TWILIO_API_BASE_URL: twilio.baseUrl,
        SUPABASE_URL: storage.url,
        SUPABASE_SERVICE_ROLE_KEY: storage.serviceKey,
        STORAGE_BUCKET: storage.bucket,
      },
    });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    for (const r of replicas) await r.kill();
    await t?.close();
    await twilio?.close();
    await storage?.stop();
  });

  /** A call and its completed recording's callback, with `audio` served as Twilio's media. */
  async function announce(audio: Buffer, options: { stall?: boolean } = {}) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const sid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${sid}`;
    twilio.serveMedia(`${mediaPath}.wav`, audio);
    if (options.stall) twilio.stallMedia(`${mediaPath}.wav`, 1);
    twilio.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
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
    return { recordingId: row!.id as string, sid, mediaPath, audio };
  }

  const detail = async (recordingId: string) => {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${recordingId}`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    return r.json();
  };

  const wav = (seconds: number, seed: number) =>
    pcmWav({ frames: 8000 * seconds, channels: 2, sample: (f, c) => Math.sin((f + seed) / (c === 0 ? 10 + (seed % 7) : 7)) * 8000 });

  it("a replica killed mid-download: the other replica retries the import once the dead one's claim lapses", async () => {
    const a = await replica();
    const p = await announce(wav(20, 1), { stall: true });
    // A takes the import; its download hangs after 64 KB.
    const taken = Date.now();
    while (twilio.requestsTo(`${p.mediaPath}.wav`, 'GET').length === 0) {
      if (Date.now() - taken > 30_000) throw new Error(`replica A did not take the import:\n${a.output.slice(-2000)}`);
      await sleep(100);
    }
    const b = await replica();
    expect((await detail(p.recordingId)).status).toBe('pending');

    await a.kill();
    const killed = performance.now();
    let retriedAfter = -1;
    let d = await detail(p.recordingId);
    // Bounded wait: the lease (30 s), one maintenance round (10 s), the retry delay (2-4 s), then the import.
    while (performance.now() - killed < 120_000) {
      d = await detail(p.recordingId);
      if (d.status === 'stored' && d.twilioDeletedAt) {
        retriedAfter = performance.now() - killed;
        break;
      }
      await sleep(250);
    }
    if (retriedAfter < 0) throw new Error(`replica B did not finish the import: ${JSON.stringify(d)}\n${b.output.slice(-2000)}`);
    console.log(
      `dead replica: its import was stored by the other replica ${(retriedAfter / 1000).toFixed(1)} s after kill -9 (JOB_LEASE_SECONDS=30, JOB_HEARTBEAT_SECONDS=10)`,
    );

    expect(d).toMatchObject({ status: 'stored', sha256: sha256(p.audio), sizeBytes: p.audio.length, importAttempts: 2 });
    const actions = (d.custody as { action: string }[]).map((c) => c.action);
    expect(actions).toEqual(['recording.received', 'recording.stored', 'recording.deleted_at_twilio']);
    expect(d.custody[1].details).toMatchObject({ attempts: 2 });
    expect(twilio.requestsTo(`${p.mediaPath}.wav`, 'GET')).toHaveLength(2);
    expect(twilio.requestsTo(`${p.mediaPath}.json`, 'DELETE')).toHaveLength(1);
    expect(storage.readObject(d.objectKey)?.equals(p.audio)).toBe(true);
  }, 240_000);

  it('imports spread over two replicas: each downloaded, stored and deleted at Twilio once; the audit chain verifies', async () => {
    const live = replicas.filter((r) => r !== replicas[0]);
    if (live.length < 2) live.push(await replica());
    const planned = [];
    for (let i = 0; i < 60; i++) planned.push(await announce(wav(1 + (i % 3), 100 + i)));
    const ids = planned.map((p) => p.recordingId);

    const started = Date.now();
    for (;;) {
      const [row] = await t.rows(
        `select count(*)::int as n from recordings where id = any($1::uuid[]) and status = 'stored' and twilio_deleted_at is not null`,
        [ids],
      );
      if (row!.n === planned.length) break;
      if (Date.now() - started > 150_000)
        throw new Error(`${row!.n} of ${planned.length} imports done:\n${live.map((r) => r.output.slice(-1000)).join('\n---\n')}`);
      await sleep(250);
    }

    for (const p of planned) {
      const d = await detail(p.recordingId);
      expect({ sid: p.sid, status: d.status, sha256: d.sha256, importAttempts: d.importAttempts }).toEqual({
        sid: p.sid,
        status: 'stored',
        sha256: sha256(p.audio),
        importAttempts: 1,
      });
      expect((d.custody as { action: string }[]).map((c) => c.action)).toEqual([
        'recording.received',
        'recording.stored',
        'recording.deleted_at_twilio',
      ]);
      expect(twilio.requestsTo(`${p.mediaPath}.wav`, 'GET')).toHaveLength(1);
      expect(twilio.requestsTo(`${p.mediaPath}.json`, 'DELETE')).toHaveLength(1);
      expect(storage.requests.filter((r) => r.operation === 'upload' && r.path.endsWith(`/${d.objectKey}`))).toHaveLength(1);
      expect(storage.readObject(d.objectKey)?.equals(p.audio)).toBe(true);
    }
    // One object per recording (this test's and the first one's), nothing staged.
    expect(storage.objectNames().filter((n) => n.startsWith('.incoming/'))).toEqual([]);
    expect(storage.objectCount()).toBe(planned.length + 1);

    let verify: { valid: boolean; unsealed: number } = { valid: false, unsealed: -1 };
    for (let i = 0; i < 120; i++) {
      verify = (await t.request('GET', `/v1/organizations/${w.orgId}/audit-logs/verify`, { apiKey: w.apiKey })).json();
      if (verify.valid && verify.unsealed === 0) break;
      await sleep(500);
    }
    expect(verify).toMatchObject({ valid: true, unsealed: 0 });
  }, 240_000);
});
