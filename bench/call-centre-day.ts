/**
 * Scenario `day` of `npm run bench` (BENCH_SCENARIOS=day; run only when named), or on its own:
 * `node -r @swc-node/register bench/call-centre-day.ts`. PostgreSQL.
 *
 * A call-centre day, compressed: one replica of the service (`npm start`, job workers on, local-disk
 * storage) on a fresh database; a fake Twilio (test/fakes) places inbound calls at a rising rate
 * (BENCH_DAY_RATES calls per minute, BENCH_DAY_STEP_SECONDS at each). Each call is what Twilio sends:
 * the signed voice webhook, the leg's status callbacks (ringing, in-progress, completed, a second or
 * so apart), then the recording callback of a BENCH_DAY_RECORDING_SECONDS stereo WAV that the fake
 * serves. The whole pipeline runs in the replica: import (download, verification, storage, delete at
 * Twilio), transcription (test/fakes' speech-to-text behind a proxy that adds BENCH_DAY_STT_LATENCY_MS
 * to every request), scoring (the built-in scorer), the review queue.
 *
 * Reported: per step, the job queue's lag (how long the oldest due job has waited; sampled every
 * 2 s) at the middle and the end of the step, and whether it stayed bounded (the end no more than
 * BENCH_DAY_LAG_BOUND_S, and no more than 1.25 times the middle third's worst plus 2 s: not growing); the largest rate that did;
 * call end -> analysis ready (needs_review_at or completed_at) p50 / p95 for the calls of each step;
 * the database size per 1,000 calls; the time each job queue took (pg-boss' started_on ->
 * completed_on) and, when pg_stat_statements can be created, the statements that took the most time.
 *
 * Environment (all optional):
 *   BENCH_DAY_RATES              30,60,120,240 (calls per minute)
 *   BENCH_DAY_STEP_SECONDS       60
 *   BENCH_DAY_RECORDING_SECONDS  120
 *   BENCH_DAY_STT_LATENCY_MS     1500
 *   BENCH_DAY_LAG_BOUND_S        30
 *   BENCH_DAY_DRAIN_SECONDS      120 (after the last step, to let the pipeline finish)
 *   BENCH_ADMIN_URL              postgres://postgres@127.0.0.1:5432/test
 */
import { apiCaller, seedTwilioWorkspace, userToken } from './seed-through-api';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import postgres from 'postgres';
import twilio from 'twilio';
import { FakeTranscriptionServer } from '../test/fakes/fake-transcription-server';
import { FakeTwilioServer } from '../test/fakes/fake-twilio-server';
import { ServiceProcess } from '../test/faults/service-process';
import { pcmWav } from '../test/support/audio';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../test/support/test-environment';
import { machineBusy, withDatabase } from './machine';

const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const num = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
const RATES = list('BENCH_DAY_RATES', '30,60,120,240');
const STEP_S = num('BENCH_DAY_STEP_SECONDS', 60);
const RECORDING_S = num('BENCH_DAY_RECORDING_SECONDS', 120);
const STT_LATENCY_MS = num('BENCH_DAY_STT_LATENCY_MS', 1500);
const LAG_BOUND_S = num('BENCH_DAY_LAG_BOUND_S', 30);
const DRAIN_S = num('BENCH_DAY_DRAIN_SECONDS', 120);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PUBLIC_BASE_URL = 'https://switchboard.test';
const STT_KEY = 'sk-bench-day';

const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN;
};
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

/** Forwards every request to the fake speech-to-text after a fixed delay: a provider's latency. */
async function delayingProxy(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        setTimeout(() => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }, delayMs);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Tenant {
  accountSid: string;
  authToken: string;
  number: string;
}

/** An organization with a workspace, its Twilio account, a number and an agent, through the API of an app without workers. */
async function seed(url: string, fake: FakeTwilioServer, dataDir: string): Promise<Tenant> {
  const { createApp } = await import('../src/create-app');
  const { loadConfig } = await import('@infrastructure/config/app-config');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: dataDir,
    JOBS_ENABLED: 'false',
    SWAGGER_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: fake.baseUrl,
  });
  const app = await createApp(config);
  await app.init();
  try {
    const owner = { token: await userToken(TEST_JWT_SECRET, 'day', '2h') };
    const seeded = await seedTwilioWorkspace(apiCaller(app), owner, { orgName: 'Call-centre day', number: '+14155550177' });
    const tenant: Tenant = { accountSid: seeded.accountSid, authToken: seeded.authToken, number: seeded.number };
    return tenant;
  } finally {
    await app.close();
  }
}

interface CallRecord {
  callSid: string;
  step: number;
  endedAt: number;
  failed: string | null;
}

interface StepResult {
  rate: number;
  calls: number;
  failed: number;
  lagMiddle: number;
  lagEnd: number;
  bounded: boolean;
  busy: number;
}

/** Runs the day on a fresh database; prints the figures. Resolves false when it could not run. */
export async function runCallCentreDayBench(): Promise<boolean> {
  const name = `switchboard_bench_day_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  log(
    `\n=== call-centre day (PostgreSQL): ${RATES.join(', ')} calls/min, ${STEP_S} s each; ${RECORDING_S} s recordings; speech-to-text +${STT_LATENCY_MS} ms ===`,
  );
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    log(`  skipped: cannot create a database through ${ADMIN_URL}: ${(error as Error).message}`);
    await admin.end({ timeout: 1 }).catch(() => undefined);
    return false;
  }
  const url = withDatabase(ADMIN_URL, name);
  const fake = await FakeTwilioServer.start();
  const stt = await FakeTranscriptionServer.start({ key: STT_KEY });
  const proxy = await delayingProxy(stt.baseUrl, STT_LATENCY_MS);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-day-'));
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  let service: ServiceProcess | null = null;
  try {
    const tenant = await seed(url, fake, dataDir);
    fake.script('DELETE', /\/Recordings\/RE[0-9a-f]{32}\.json$/, [{ status: 204 }]);
    const audio = pcmWav({ frames: 8000 * RECORDING_S, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
    const statements = await sql`create extension if not exists pg_stat_statements`.then(
      () => true,
      () => false,
    );
    service = await ServiceProcess.start(url, {
      JOBS_ENABLED: 'true',
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      TWILIO_API_BASE_URL: fake.baseUrl,
      TRANSCRIPTION_API_URL: proxy.url,
      TRANSCRIPTION_API_KEY: STT_KEY,
    });
    const base = service.url;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const post = (pathname: string, params: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams(params).toString();
        const req = http.request(
          `${base}${pathname}`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              'x-twilio-signature': twilio.getExpectedTwilioSignature(tenant.authToken, `${PUBLIC_BASE_URL}${pathname}`, params),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    if (statements) await sql`select pg_stat_statements_reset()`.catch(() => undefined);
    const sizeBefore = Number((await sql`select pg_database_size(current_database())::bigint as n`)[0]!.n);

    const calls: CallRecord[] = [];
    const pending: Promise<void>[] = [];
    const placeCall = async (step: number): Promise<void> => {
      const callSid = `CA${randomBytes(16).toString('hex')}`;
      const record: CallRecord = { callSid, step, endedAt: 0, failed: null };
      calls.push(record);
      const common = {
        AccountSid: tenant.accountSid,
        ApiVersion: '2010-04-01',
        CallSid: callSid,
        Called: tenant.number,
        Caller: '+12065550123',
        Direction: 'inbound',
        From: '+12065550123',
        To: tenant.number,
      };
      const expect = (what: string, code: number, ok: number[]) => {
        if (!ok.includes(code)) throw new Error(`${what} answered ${code}`);
      };
      try {
        expect('voice', await post('/webhooks/twilio/voice', { ...common, CallStatus: 'ringing' }), [200]);
        const events: [string, number][] = [
          ['ringing', 1],
          ['in-progress', 2],
          ['completed', 3],
        ];
        for (const [status, seq] of events) {
          await sleep(500 + Math.random() * 500);
          const extra: Record<string, string> =
            status === 'completed' ? { CallDuration: String(RECORDING_S), Duration: String(Math.ceil(RECORDING_S / 60)) } : {};
          expect(
            `status ${status}`,
            await post('/webhooks/twilio/status', {
              ...common,
              CallStatus: status,
              SequenceNumber: String(seq),
              Timestamp: rfc2822(new Date()),
              ...extra,
            }),
            [204],
          );
        }
        record.endedAt = Date.now();
        const sid = `RE${randomBytes(16).toString('hex')}`;
        const media = `/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${sid}`;
        fake.serveMedia(`${media}.wav`, audio);
        expect(
          'recording',
          await post('/webhooks/twilio/recording', {
            AccountSid: tenant.accountSid,
            CallSid: callSid,
            ErrorCode: '0',
            RecordingChannels: '2',
            RecordingDuration: String(RECORDING_S),
            RecordingSid: sid,
            RecordingSource: 'DialVerb',
            RecordingStartTime: rfc2822(new Date(record.endedAt - RECORDING_S * 1000)),
            RecordingStatus: 'completed',
            RecordingTrack: 'both',
            RecordingUrl: `https://api.twilio.com${media}`,
          }),
          [200, 204],
        );
      } catch (error) {
        record.failed = (error as Error).message;
      }
    };

    /** How long the oldest due job has waited, per queue, in seconds. */
    const lag = async (): Promise<{ max: number; byQueue: Record<string, number> }> => {
      const rows = await sql`select name, extract(epoch from now() - min(start_after))::float8 as wait, count(*)::int as n
        from pgboss.job where state in ('created', 'retry') and start_after <= now() group by name`;
      const byQueue = Object.fromEntries(rows.map((r) => [String(r.name), Number(r.wait)]));
      return { max: Math.max(0, ...Object.values(byQueue)), byQueue };
    };

    const steps: StepResult[] = [];
    log('  step   calls/min   calls   failed   lag mid (s)   lag end (s)   bounded   machine busy   worst queue at the end');
    for (let i = 0; i < RATES.length; i++) {
      const rate = RATES[i]!;
      const started = performance.now();
      const busy = machineBusy(STEP_S * 1000);
      let lagMiddle = 0;
      let n = 0;
      let nextSample = started + 2000;
      const samples: { at: number; max: number; byQueue: Record<string, number> }[] = [];
      while (performance.now() - started < STEP_S * 1000) {
        const due = started + (n * 60_000) / rate;
        const now = performance.now();
        if (due <= now) {
          pending.push(placeCall(i));
          n += 1;
          continue;
        }
        if (nextSample <= now) {
          samples.push({ at: now - started, ...(await lag()) });
          nextSample += 2000;
          continue;
        }
        await sleep(Math.max(1, Math.min(due, nextSample) - now));
      }
      const end = await lag();
      const middle = samples.filter((s) => s.at >= (STEP_S * 1000) / 3 && s.at <= (STEP_S * 2000) / 3);
      lagMiddle = middle.length ? Math.max(...middle.map((s) => s.max)) : 0;
      const bounded = end.max <= LAG_BOUND_S && end.max <= 1.25 * lagMiddle + 2;
      const worst = Object.entries(end.byQueue).sort((a, b) => b[1] - a[1])[0];
      const stepCalls = calls.filter((c) => c.step === i);
      const result: StepResult = {
        rate,
        calls: stepCalls.length,
        failed: stepCalls.filter((c) => c.failed).length,
        lagMiddle,
        lagEnd: end.max,
        bounded,
        busy: await busy,
      };
      steps.push(result);
      log(
        `  ${String(i + 1).padStart(4)}   ${String(rate).padStart(9)}   ${String(result.calls).padStart(5)}   ${String(result.failed).padStart(6)}   ${fmt(lagMiddle, 1).padStart(11)}   ${fmt(end.max, 1).padStart(11)}   ${(bounded ? 'yes' : 'NO').padStart(7)}   ${fmt(result.busy * 100).padStart(11)}%   ${worst ? `${worst[0]} ${fmt(worst[1], 1)} s` : '-'}`,
      );
      if (!bounded && end.max > 3 * LAG_BOUND_S) {
        log('  (lag far past the bound: no higher rate tried)');
        break;
      }
    }
    await Promise.all(pending);
    const failures = calls.filter((c) => c.failed);
    if (failures.length > 0) log(`  ${failures.length} calls failed, e.g. ${failures[0]!.failed}`);

    // Let the pipeline finish, then read when each call's analysis became ready.
    const deadline = Date.now() + DRAIN_S * 1000;
    const readyOf = async () =>
      sql`select c.call_sid, extract(epoch from coalesce(a.needs_review_at, a.completed_at)) * 1000 as ready_ms, a.status
          from analyses a join calls c on c.organization_id = a.organization_id and c.id = a.call_id`;
    let ready = await readyOf();
    const ended = calls.filter((c) => !c.failed && c.endedAt > 0);
    while (ready.filter((r) => r.ready_ms !== null).length < ended.length && Date.now() < deadline) {
      await sleep(2000);
      ready = await readyOf();
    }
    const readyBySid = new Map(ready.filter((r) => r.ready_ms !== null).map((r) => [String(r.call_sid), Number(r.ready_ms)]));
    const statusCounts = ready.reduce<Record<string, number>>((m, r) => ({ ...m, [String(r.status)]: (m[String(r.status)] ?? 0) + 1 }), {});
    log(
      `\n  analyses: ${ready.length} for ${ended.length} calls (${Object.entries(statusCounts)
        .map(([s, k]) => `${s} ${k}`)
        .join(', ')}); ${ended.length - readyBySid.size} not ready after ${DRAIN_S} s of drain`,
    );
    log('  call end -> analysis ready, per step:   p50 (s)   p95 (s)   ready/calls');
    steps.forEach((s, i) => {
      const xs = ended.filter((c) => c.step === i && readyBySid.has(c.callSid)).map((c) => (readyBySid.get(c.callSid)! - c.endedAt) / 1000);
      log(
        `    ${String(s.rate).padStart(4)} calls/min ${' '.repeat(22)}${fmt(pct(xs, 0.5), 1).padStart(7)}   ${fmt(pct(xs, 0.95), 1).padStart(7)}   ${xs.length}/${ended.filter((c) => c.step === i).length}`,
      );
    });
    const sustained = steps.filter((s) => s.bounded && s.failed === 0).map((s) => s.rate);
    log(
      `\n  largest sustained rate with a bounded queue lag: ${sustained.length ? `${Math.max(...sustained)} calls/min` : 'none of the rates tried'}`,
    );
    const sizeAfter = Number((await sql`select pg_database_size(current_database())::bigint as n`)[0]!.n);
    log(
      `  database: ${fmt((sizeAfter - sizeBefore) / 1_048_576, 1)} MB for ${calls.length} calls = ${fmt(((sizeAfter - sizeBefore) / 1_048_576 / Math.max(1, calls.length)) * 1000, 1)} MB per 1,000 calls (recordings themselves on local disk, not in the database)`,
    );

    const jobs = await sql`select name, count(*)::int as n, avg(extract(epoch from completed_on - started_on))::float8 as run_s,
        percentile_cont(0.95) within group (order by extract(epoch from completed_on - started_on))::float8 as run_p95,
        avg(extract(epoch from started_on - start_after))::float8 as wait_s, sum(extract(epoch from completed_on - started_on))::float8 as total_s
      from (select name, started_on, completed_on, start_after from pgboss.job where state = 'completed'
            union all select name, started_on, completed_on, start_after from pgboss.archive where state = 'completed') j
      group by name order by total_s desc`.catch(
      async () => sql`select name, count(*)::int as n, avg(extract(epoch from completed_on - started_on))::float8 as run_s,
        percentile_cont(0.95) within group (order by extract(epoch from completed_on - started_on))::float8 as run_p95,
        avg(extract(epoch from started_on - start_after))::float8 as wait_s, sum(extract(epoch from completed_on - started_on))::float8 as total_s
        from pgboss.job where state = 'completed' group by name order by total_s desc`,
    );
    log('\n  where the time goes, by job queue:   jobs   run avg (s)   run p95 (s)   waited avg (s)   total run (s)');
    for (const j of jobs) {
      log(
        `    ${String(j.name).padEnd(32)} ${String(j.n).padStart(6)}   ${fmt(Number(j.run_s), 2).padStart(11)}   ${fmt(Number(j.run_p95), 2).padStart(11)}   ${fmt(Number(j.wait_s), 2).padStart(14)}   ${fmt(Number(j.total_s), 1).padStart(13)}`,
      );
    }
    if (statements) {
      const top =
        await sql`select calls::bigint as calls, total_exec_time::float8 as total_ms, mean_exec_time::float8 as mean_ms, regexp_replace(query, '\\s+', ' ', 'g') as query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 10`.catch(
          () => [],
        );
      log('\n  statements that took the most time (pg_stat_statements):   calls   total (ms)   mean (ms)');
      if (top.length === 0) log('    (none readable: pg_stat_statements is not in shared_preload_libraries on this server)');
      for (const s of top)
        log(
          `    ${fmt(Number(s.calls)).padStart(8)}  ${fmt(Number(s.total_ms)).padStart(9)}  ${fmt(Number(s.mean_ms), 2).padStart(8)}  ${String(s.query).slice(0, 150)}`,
        );
    } else {
      log('\n  (pg_stat_statements is not available on this server: no per-statement breakdown)');
    }
    log(
      `\n  speech-to-text requests: ${stt.requests.length}; Twilio media downloads: ${fake.requestsTo(/\/Recordings\/RE[0-9a-f]{32}\.wav$/, 'GET').length}`,
    );
    agent.destroy();
    return true;
  } catch (error) {
    log(`  failed: ${(error as Error).stack ?? String(error)}`);
    return false;
  } finally {
    await service?.terminate().catch(() => undefined);
    await sql.end({ timeout: 1 }).catch(() => undefined);
    await proxy.close().catch(() => undefined);
    await stt.close().catch(() => undefined);
    await fake.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** `day` in BENCH_SCENARIOS: 'only' when it is all that was asked, 'also' beside others, 'no' otherwise (the default). */
export function takeDayScenario(): 'only' | 'also' | 'no' {
  const names = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.includes('day')) return 'no';
  const others = names.filter((n) => n !== 'day');
  if (others.length === 0) return 'only';
  process.env.BENCH_SCENARIOS = others.join(',');
  return 'also';
}

if (require.main === module) {
  runCallCentreDayBench().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
