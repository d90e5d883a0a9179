/**
 * Scenario `recording` of `npm run bench` (BENCH_SCENARIOS=recording), or on its own:
 * `node -r @swc-node/register bench/recording-import.ts`.
 *
 * The import of one large Twilio recording (50 MiB and 200 MiB by default) by the real
 * ImportRecordingJob of a createApp instance (embedded PGlite), into each storage adapter:
 * local disk, and Supabase Storage against test/fakes' FakeSupabaseStorage (which streams
 * uploads to disk). The job downloads from a local fake of Twilio's media API, streams into
 * storage, reads the copy back, and deletes Twilio's copy, as in production.
 *
 * Three kinds of process, so that only the import is measured:
 *   - this one (the parent) starts the others and prints the results;
 *   - `fakes`: the fake Twilio media server and the fake Supabase Storage. The media is a
 *     stereo 16-bit 8 kHz WAV generated on the fly from a 1 MiB pattern (nothing the size of
 *     the recording is ever held), hashed as it is sent. Its size is in the recording SID
 *     (`RE` + 16 hex digits of size + 16 random), so the fake needs no set-up per recording;
 *   - `measure`: one fresh process per adapter and size, with the app. It seeds an
 *     organization, a workspace with a Twilio account, a call and its recording (through the
 *     HTTP routes and signed webhooks, via inject), imports a 1 MiB warm-up recording (so
 *     one-time costs such as lazily loaded code are not counted), then, after a GC, samples
 *     its own RSS every 20 ms while the job imports the measured recording. Peak RSS growth
 *     is the highest sample minus the RSS just before the job; the kernel's high-water mark
 *     (getrusage maxrss) is reported as a cross-check when the import raised it.
 *
 * The stored copy is checked against what the fake sent (size and SHA-256), and removed.
 *
 * Environment (all optional):
 *   BENCH_RECORDING_SIZES      50,200 (MiB)
 *   BENCH_RECORDING_ADAPTERS   local,supabase
 *   BENCH_RECORDING_TIMEOUT    600 (s, whole scenario)
 */
import { apiCaller, seedTwilioWorkspace, twilioWebhookPoster, userToken } from './seed-through-api';
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

type Adapter = 'local' | 'supabase';

const MiB = 1024 * 1024;
const TARGET_MIB = 64;
const SAMPLE_MS = 20;
const WARMUP_BYTES = 1 * MiB;

interface FakesReady {
  type: 'ready';
  twilioUrl: string;
  supabase: { url: string; serviceKey: string; bucket: string };
}

interface Measured {
  type: 'result';
  adapter: Adapter;
  bytes: number;
  seconds: number;
  baselineRss: number;
  peakRss: number;
  samples: number;
  /** getrusage maxrss after the import, when the import raised it (bytes); else null. */
  kernelPeakRss: number | null;
  stored: { status: string; sizeBytes: number; sha256: string; twilioDeleted: boolean };
  sent: { bytes: number; sha256: string } | null;
}

type MeasureMessage = Measured | { type: 'failed'; message: string };

const log = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

// ---------------------------------------------------------------- the media (fakes process)

/** The recording SID carries the media's size: `RE` + 16 hex digits + 16 random hex digits. */
function recordingSidFor(bytes: number): string {
  return `RE${bytes.toString(16).padStart(16, '0')}${randomBytes(8).toString('hex')}`;
}

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** 1 MiB of two-tone stereo PCM: the pattern the generated recordings repeat. */
const PATTERN = (() => {
  const b = Buffer.alloc(MiB);
  for (let i = 0; i < b.length / 4; i++) {
    b.writeInt16LE(Math.round(Math.sin(i / 9) * 7000), i * 4);
    b.writeInt16LE(Math.round(Math.sin(i / 13) * 5000), i * 4 + 2);
  }
  return b;
})();

/** A WAV of exactly `total` bytes, generated chunk by chunk as it is read; each chunk is numbered so no two are alike. */
function generatedWav(total: number, onChunk: (chunk: Buffer) => void): Readable {
  const header = wavHeader(total - 44);
  const CHUNK = 64 * 1024;
  let offset = 0;
  let index = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      for (;;) {
        if (offset >= total) {
          this.push(null);
          return;
        }
        let chunk: Buffer;
        if (offset === 0) {
          chunk = header;
        } else {
          const length = Math.min(CHUNK, total - offset);
          chunk = Buffer.allocUnsafe(length);
          const at = (offset - 44) % PATTERN.length;
          const first = Math.min(length, PATTERN.length - at);
          PATTERN.copy(chunk, 0, at, at + first);
          if (first < length) PATTERN.copy(chunk, first, 0, length - first);
          if (length >= 4) chunk.writeUInt32LE(index++, 0);
        }
        offset += chunk.length;
        onChunk(chunk);
        if (!this.push(chunk)) return;
      }
    },
  });
}

/** Twilio's recording media and DELETE, for any account; what each download sent is kept by SID. */
async function startFakeTwilioMedia(): Promise<{ url: string; close(): Promise<void> }> {
  const sent = new Map<string, { bytes: number; sha256: string }>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const media = /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/(RE[0-9a-f]{32})\.(wav|json)$/.exec(url.pathname);
    const stats = /^\/_bench\/sent\/(RE[0-9a-f]{32})$/.exec(url.pathname);
    if (stats) {
      const body = JSON.stringify(sent.get(stats[1]!) ?? null);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (!media) {
      res.writeHead(404).end();
      return;
    }
    const sid = media[1]!;
    if (req.method === 'DELETE' && media[2] === 'json') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' || media[2] !== 'wav') {
      res.writeHead(405).end();
      return;
    }
    const total = parseInt(sid.slice(2, 18), 16);
    const hash = createHash('sha256');
    let bytes = 0;
    const body = generatedWav(total, (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    body.once('end', () => sent.set(sid, { bytes, sha256: hash.digest('hex') }));
    res.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': String(total) });
    body.pipe(res);
    res.once('close', () => body.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function fakesMain(): Promise<void> {
  const { FakeSupabaseStorage } = await import('../test/fakes/fake-supabase-storage');
  const media = await startFakeTwilioMedia();
  const supabase = await FakeSupabaseStorage.start();
  const stop = async () => {
    await media.close().catch(() => undefined);
    await supabase.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  const ready: FakesReady = {
    type: 'ready',
    twilioUrl: media.url,
    supabase: { url: supabase.url, serviceKey: supabase.serviceKey, bucket: supabase.bucket },
  };
  process.send!(ready);
}

// ---------------------------------------------------------------- the import (measured process)

async function measureMain(): Promise<void> {
  const adapter = process.env.BENCH_RECORDING_ADAPTER as Adapter;
  const bytes = Number(process.env.BENCH_RECORDING_BYTES);
  const fakes = JSON.parse(process.env.BENCH_RECORDING_FAKES!) as FakesReady;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-recording-'));
  const reply = (m: MeasureMessage) => new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));
  try {
    const { createApp } = await import('../src/create-app');
    const { loadConfig } = await import('@infrastructure/config/app-config');
    const { Database } = await import('@infrastructure/persistence/database');
    const { runMigrations } = await import('@infrastructure/persistence/migrator');
    const { ImportRecordingJob } = await import('@modules/recording/jobs/import-recording.job');
    const { ObjectStorage } = await import('@domain/recording/ports/object-storage.port');

    const jwtSecret = randomBytes(32).toString('hex');
    const publicBaseUrl = 'https://switchboard.bench.example';
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      SUPABASE_JWT_SECRET: jwtSecret,
      DATA_DIR: dataDir,
      JOBS_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_API_BASE_URL: fakes.twilioUrl,
      ...(adapter === 'supabase'
        ? { SUPABASE_URL: fakes.supabase.url, SUPABASE_SERVICE_ROLE_KEY: fakes.supabase.serviceKey, STORAGE_BUCKET: fakes.supabase.bucket }
        : {}),
    });
    const database = await Database.open({ kind: 'pglite', dataDir: null });
    await runMigrations(database);
    const app = await createApp(config, { database });
    await app.init();

    // ------------------------------------------------ seed through the API
    const call = apiCaller(app);
    const owner = { token: await userToken(jwtSecret, 'bench') };
    const { orgId, accountSid, authToken, number } = await seedTwilioWorkspace(call, owner, {
      orgName: 'Recording bench',
      number: '+14155550142',
    });

    const webhook = twilioWebhookPoster(app, publicBaseUrl, authToken);
    /** A call and its completed dual-channel recording of `size` bytes, announced by Twilio: the recording's id. */
    const recordedCall = async (size: number): Promise<{ recordingId: string; sid: string }> => {
      const callSid = `CA${randomBytes(16).toString('hex')}`;
      await webhook('/webhooks/twilio/voice', {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        CallSid: callSid,
        CallStatus: 'ringing',
        Called: number,
        Caller: '+12065550123',
        Direction: 'inbound',
        From: '+12065550123',
        To: number,
      });
      const sid = recordingSidFor(size);
      await webhook('/webhooks/twilio/recording', {
        AccountSid: accountSid,
        CallSid: callSid,
        ErrorCode: '0',
        RecordingChannels: '2',
        RecordingDuration: String(Math.round((size - 44) / 32000)),
        RecordingSid: sid,
        RecordingSource: 'DialVerb',
        RecordingStartTime: new Date().toUTCString().replace('GMT', '+0000'),
        RecordingStatus: 'completed',
        RecordingTrack: 'both',
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${sid}`,
      });
      const row = await database.query('select id from recordings where twilio_recording_sid = $1', [sid]);
      if (row.rows.length !== 1) throw new Error('the recording callback did not create a recording');
      return { recordingId: String(row.rows[0]!.id), sid };
    };

    const job = app.get(ImportRecordingJob);
    const storage = app.get(ObjectStorage);
    const importOnce = async (recordingId: string) => {
      // retryLimit 0: a failure marks the recording failed at once (checked below) instead of throwing.
      await job.run({ organizationId: orgId, recordingId }, { retryCount: 0, retryLimit: 0 });
      const r = await database.query(
        'select status, size_bytes, sha256, object_key, twilio_deleted_at, failure_reason from recordings where id = $1',
        [recordingId],
      );
      const row = r.rows[0]!;
      if (row.status !== 'stored') throw new Error(`import failed: ${String(row.failure_reason)}`);
      return row;
    };

    // ------------------------------------------------ warm-up, then the measured import
    const warm = await recordedCall(WARMUP_BYTES);
    const warmRow = await importOnce(warm.recordingId);
    await storage.remove(String(warmRow.object_key));

    const measured = await recordedCall(bytes);
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 3; i++) gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const baselineRss = process.memoryUsage.rss();
    const kernelBefore = process.resourceUsage().maxRSS * 1024;
    let peakRss = baselineRss;
    let samples = 0;
    const sampler = setInterval(() => {
      samples++;
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, SAMPLE_MS);
    const started = process.hrtime.bigint();
    let row: Record<string, unknown>;
    try {
      row = await importOnce(measured.recordingId);
    } finally {
      clearInterval(sampler);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const kernelAfter = process.resourceUsage().maxRSS * 1024;

    const sent = (await (await fetch(`${fakes.twilioUrl}/_bench/sent/${measured.sid}`)).json()) as { bytes: number; sha256: string } | null;
    await storage.remove(String(row.object_key));
    await reply({
      type: 'result',
      adapter,
      bytes,
      seconds,
      baselineRss,
      peakRss,
      samples,
      kernelPeakRss: kernelAfter > kernelBefore ? kernelAfter : null,
      stored: {
        status: String(row.status),
        sizeBytes: Number(row.size_bytes),
        sha256: String(row.sha256),
        twilioDeleted: row.twilio_deleted_at !== null,
      },
      sent,
    });
    await app.close();
  } catch (error) {
    await reply({ type: 'failed', message: (error as Error).stack ?? String(error) });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

// ---------------------------------------------------------------- the parent

function forkRole(role: 'fakes' | 'measure', env: Record<string, string>, execArgv: string[] = []): ChildProcess {
  return fork(__filename, [], {
    execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), ...execArgv, '--disable-warning=FSTWRN004'],
    env: { ...process.env, ...env, BENCH_RECORDING_ROLE: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code, signal) => reject(new Error(`${what} exited (${signal ?? code}) before answering`)));
    child.once('error', reject);
  });
}

const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Takes `recording` out of BENCH_SCENARIOS, which the other scenarios' parser does not know:
 * `only` when it is the only scenario named, `also` when named beside others or when
 * BENCH_SCENARIOS is unset (all scenarios), `no` otherwise.
 */
export function takeRecordingScenario(): 'only' | 'also' | 'no' {
  const raw = process.env.BENCH_SCENARIOS?.trim();
  if (!raw) return 'also';
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.includes('recording')) return 'no';
  const others = names.filter((n) => n !== 'recording');
  if (others.length === 0) return 'only';
  process.env.BENCH_SCENARIOS = others.join(',');
  return 'also';
}

/** Runs every size on every adapter and prints the figures; resolves false when a run failed. */
export async function runRecordingImportBench(): Promise<boolean> {
  const sizes = list('BENCH_RECORDING_SIZES', '50,200').map(Number);
  const adapters = list('BENCH_RECORDING_ADAPTERS', 'local,supabase') as Adapter[];
  if (sizes.some((s) => !Number.isFinite(s) || s <= 1) || adapters.some((a) => a !== 'local' && a !== 'supabase')) {
    process.stderr.write('BENCH_RECORDING_SIZES must list sizes in MiB (> 1); BENCH_RECORDING_ADAPTERS local and/or supabase\n');
    return false;
  }
  const timeoutS = Number(process.env.BENCH_RECORDING_TIMEOUT) > 0 ? Number(process.env.BENCH_RECORDING_TIMEOUT) : 600;
  log(
    `\nSwitchboard benchmark: import of a Twilio recording (${sizes.join(', ')} MiB) by ImportRecordingJob into ${adapters.join(', ')} storage`,
  );
  log(
    `one fresh process per import, RSS sampled every ${SAMPLE_MS} ms; fakes (Twilio media, Supabase Storage) in their own process; target: peak RSS growth <= ${TARGET_MIB} MiB`,
  );

  const children = new Set<ChildProcess>();
  const watchdog = setTimeout(() => {
    log(`\nGiving up: the recording scenario took more than ${timeoutS} s (BENCH_RECORDING_TIMEOUT).`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, timeoutS * 1000);
  watchdog.unref();

  const fakesProcess = forkRole('fakes', {});
  children.add(fakesProcess);
  const results: (Measured | { adapter: Adapter; bytes: number; failed: string })[] = [];
  try {
    const fakes = await firstMessage<FakesReady>(fakesProcess, 'the fakes process');
    for (const adapter of adapters) {
      for (const size of sizes) {
        const bytes = Math.round(size * MiB);
        const child = forkRole(
          'measure',
          { BENCH_RECORDING_ADAPTER: adapter, BENCH_RECORDING_BYTES: String(bytes), BENCH_RECORDING_FAKES: JSON.stringify(fakes) },
          ['--expose-gc'],
        );
        children.add(child);
        try {
          const m = await firstMessage<MeasureMessage>(child, 'the measured process');
          if (m.type === 'failed') throw new Error(m.message);
          results.push(m);
          const ok =
            m.sent !== null &&
            m.sent.sha256 === m.stored.sha256 &&
            m.sent.bytes === bytes &&
            m.stored.sizeBytes === bytes &&
            m.stored.twilioDeleted;
          const growth = (m.peakRss - m.baselineRss) / MiB;
          const kernel = m.kernelPeakRss !== null ? `, kernel high-water +${fmt((m.kernelPeakRss - m.baselineRss) / MiB)} MiB` : '';
          log(
            `  ${adapter.padEnd(8)} ${String(size).padStart(4)} MiB  ${fmt(m.seconds, 2).padStart(6)} s  ${fmt(bytes / MiB / m.seconds).padStart(6)} MiB/s  ` +
              `peak RSS +${fmt(growth)} MiB (${m.samples} samples, baseline ${fmt(m.baselineRss / MiB, 0)} MiB${kernel})  ` +
              `${ok ? 'copy verified (size, sha256), deleted at Twilio' : `COPY MISMATCH: sent ${JSON.stringify(m.sent)}, stored ${JSON.stringify(m.stored)}`}`,
          );
        } catch (error) {
          results.push({ adapter, bytes, failed: (error as Error).message });
          log(`  ${adapter.padEnd(8)} ${String(size).padStart(4)} MiB  failed: ${(error as Error).message}`);
        } finally {
          child.kill();
          children.delete(child);
        }
      }
    }
  } finally {
    fakesProcess.send({ type: 'stop' });
    clearTimeout(watchdog);
  }

  log('\n  summary (recording import):');
  let allMet = true;
  for (const r of results) {
    if ('failed' in r) {
      allMet = false;
      log(`    ${r.adapter.padEnd(8)} ${fmt(r.bytes / MiB, 0).padStart(4)} MiB  not measured (failed)`);
      continue;
    }
    // The kernel's high-water mark, when the import raised it, is the true peak (samples can miss one).
    const peak = Math.max(r.peakRss, r.kernelPeakRss ?? 0);
    const growth = (peak - r.baselineRss) / MiB;
    const met = growth <= TARGET_MIB && r.sent?.sha256 === r.stored.sha256;
    allMet &&= met;
    log(
      `    ${r.adapter.padEnd(8)} ${fmt(r.bytes / MiB, 0).padStart(4)} MiB  peak RSS growth ${fmt(growth).padStart(5)} MiB (target <= ${TARGET_MIB}): ${met ? 'met' : 'NOT MET'}` +
        `   throughput ${fmt(r.bytes / MiB / r.seconds)} MiB/s`,
    );
  }
  log(`    target peak RSS growth <= ${TARGET_MIB} MiB for every size and adapter: ${allMet ? 'met' : 'NOT MET'}`);
  return results.every((r) => !('failed' in r));
}

if (require.main === module) {
  const role = process.env.BENCH_RECORDING_ROLE;
  if (role === 'fakes') void fakesMain();
  else if (role === 'measure') void measureMain();
  else
    runRecordingImportBench().then(
      (ok) => process.exit(ok ? 0 : 1),
      (error: unknown) => {
        process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
}
