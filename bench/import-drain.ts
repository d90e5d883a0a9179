/**
 * Scenario `drain` of `npm run bench` (BENCH_SCENARIOS=drain; not run unless named), or on its
 * own: `node -r @swc-node/register bench/import-drain.ts`.
 *
 * How fast a backlog of queued recording imports drains with one and with two replicas. For
 * each replica count: a fresh PostgreSQL database; an in-process app (no job workers) receives
 * BENCH_DRAIN_IMPORTS recording callbacks through signed webhooks, so that many imports wait in
 * the queue; then the replicas start (the service as `npm start` runs it, as child processes,
 * local-disk storage in one temporary DATA_DIR) and drain it. Twilio is test/fakes' fake, in this
 * process, serving the same small stereo WAV for every recording and answering each DELETE 204.
 *
 * Measured from the moment every replica is ready (imports done before that are left out) to
 * the last recording stored and deleted at Twilio: imports a second, the replicas' CPU time per
 * import (user + system, from /proc; PostgreSQL's and this process's are not in it), and how
 * busy the whole machine was meanwhile (other work on a shared machine makes figures noisy).
 * Every recording is then checked: stored, one download and one DELETE each.
 *
 * Environment (all optional):
 *   BENCH_DRAIN_IMPORTS       500
 *   BENCH_DRAIN_REPLICAS      1,2
 *   BENCH_DRAIN_CONCURRENCY   RECORDING_IMPORT_CONCURRENCY of the replicas (the service's default when unset)
 *   BENCH_DRAIN_SECONDS       2 (length of each recording)
 *   BENCH_ADMIN_URL           postgres://postgres@127.0.0.1:5432/test (where to create and drop the databases)
 *   BENCH_DRAIN_TIMEOUT       300 (s, per replica count)
 */
import { apiCaller, seedTwilioWorkspace, twilioWebhookPoster, userToken } from './seed-through-api';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import postgres from 'postgres';
import { FakeTwilioServer } from '../test/fakes/fake-twilio-server';
import { ServiceProcess } from '../test/faults/service-process';
import { pcmWav } from '../test/support/audio';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../test/support/test-environment';
import { withDatabase } from './machine';

const IMPORTS = Number(process.env.BENCH_DRAIN_IMPORTS ?? 500);
const REPLICAS = (process.env.BENCH_DRAIN_REPLICAS ?? '1,2')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const CONCURRENCY = process.env.BENCH_DRAIN_CONCURRENCY?.trim() || null;
const SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 2);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TIMEOUT_S = Number(process.env.BENCH_DRAIN_TIMEOUT ?? 300);
const PUBLIC_BASE_URL = 'https://switchboard.test';
const CLOCK_TICK = 100; // USER_HZ on Linux

const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DrainResult {
  replicas: number;
  imports: number;
  measured: number;
  seconds: number;
  perSecond: number;
  cpuMsPerImport: number;
  machineBusy: number;
}

/** CPU seconds (user + system) a process has used, from /proc; null when not readable. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICK;
  } catch {
    return null;
  }
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times: t } of os.cpus()) {
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** Seeds an organization and `IMPORTS` announced recordings in `url`, through an app without job workers. */
async function seed(url: string, fake: FakeTwilioServer, audio: Buffer): Promise<string[]> {
  const { createApp } = await import('../src/create-app');
  const { loadConfig } = await import('@infrastructure/config/app-config');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-drain-seed-'));
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
    const call = apiCaller(app);
    const owner = { token: await userToken(TEST_JWT_SECRET, 'drain') };
    const { accountSid, authToken, number } = await seedTwilioWorkspace(call, owner, { orgName: 'Drain bench', number: '+14155550143' });
    fake.script('DELETE', /\/Recordings\/RE[0-9a-f]{32}\.json$/, [{ status: 204 }]);

    const webhook = twilioWebhookPoster(app, PUBLIC_BASE_URL, authToken);
    const sids: string[] = [];
    for (let i = 0; i < IMPORTS; i++) {
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
      const sid = `RE${randomBytes(16).toString('hex')}`;
      const media = `/2010-04-01/Accounts/${accountSid}/Recordings/${sid}`;
      fake.serveMedia(`${media}.wav`, audio);
      await webhook('/webhooks/twilio/recording', {
        AccountSid: accountSid,
        CallSid: callSid,
        ErrorCode: '0',
        RecordingChannels: '2',
        RecordingDuration: String(SECONDS),
        RecordingSid: sid,
        RecordingSource: 'DialVerb',
        RecordingStartTime: new Date().toUTCString().replace('GMT', '+0000'),
        RecordingStatus: 'completed',
        RecordingTrack: 'both',
        RecordingUrl: `https://api.twilio.com${media}`,
      });
      sids.push(sid);
    }
    return sids;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function drainWith(replicaCount: number, audio: Buffer): Promise<DrainResult> {
  const name = `switchboard_bench_drain_${process.pid}_${replicaCount}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(ADMIN_URL, name);
  const fake = await FakeTwilioServer.start();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-drain-'));
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const replicas: ServiceProcess[] = [];
  try {
    const sids = await seed(url, fake, audio);
    const done = async () =>
      Number((await sql`select count(*)::int as n from recordings where status = 'stored' and twilio_deleted_at is not null`)[0]!.n);

    // Started together, so that each begins draining at about the same time.
    const env = {
      JOBS_ENABLED: 'true',
      DATA_DIR: dataDir,
      TWILIO_API_BASE_URL: fake.baseUrl,
      ...(CONCURRENCY ? { RECORDING_IMPORT_CONCURRENCY: CONCURRENCY } : {}),
    };
    replicas.push(...(await Promise.all(Array.from({ length: replicaCount }, () => ServiceProcess.start(url, env)))));
    const pids = replicas.map((r) => r.pid!);
    const cpuAt = () => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
    const startCount = await done();
    const startCpu = cpuAt();
    const startTimes = cpuTimes();
    const started = performance.now();
    let count = startCount;
    while (count < IMPORTS) {
      if (performance.now() - started > TIMEOUT_S * 1000) throw new Error(`${count} of ${IMPORTS} imports done after ${TIMEOUT_S} s`);
      await sleep(50);
      count = await done();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuAt() - startCpu;
    const endTimes = cpuTimes();
    const measured = IMPORTS - startCount;

    // Each recording downloaded once and deleted at Twilio once.
    for (const sid of sids) {
      const gets = fake.requestsTo(new RegExp(`/Recordings/${sid}\\.wav$`), 'GET').length;
      const deletes = fake.requestsTo(new RegExp(`/Recordings/${sid}\\.json$`), 'DELETE').length;
      if (gets !== 1 || deletes !== 1) throw new Error(`recording ${sid}: ${gets} downloads and ${deletes} DELETEs, not one of each`);
    }
    return {
      replicas: replicaCount,
      imports: IMPORTS,
      measured,
      seconds,
      perSecond: measured / seconds,
      cpuMsPerImport: (cpu * 1000) / Math.max(1, measured),
      machineBusy: (endTimes.busy - startTimes.busy) / Math.max(1, endTimes.total - startTimes.total),
    };
  } finally {
    for (const r of replicas) await r.terminate().catch(() => undefined);
    await sql.end({ timeout: 1 }).catch(() => undefined);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** Runs the drain for each replica count and prints the figures; resolves false when a run failed. */
export async function runImportDrainBench(): Promise<boolean> {
  const audio = pcmWav({ frames: 8000 * SECONDS, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
  log(
    `\nRecording import drain: ${IMPORTS} queued imports of a ${SECONDS} s stereo WAV (${audio.length} bytes), PostgreSQL, local-disk storage`,
  );
  log(`RECORDING_IMPORT_CONCURRENCY ${CONCURRENCY ?? 'default'} per replica; ${os.cpus().length} CPUs on this machine`);
  log('');
  log('  replicas   imports   measured   seconds   imports/s   replica CPU ms/import   machine busy');
  let ok = true;
  for (const n of REPLICAS) {
    try {
      const r = await drainWith(n, audio);
      log(
        `  ${String(n).padStart(8)}   ${String(r.imports).padStart(7)}   ${String(r.measured).padStart(8)}   ${r.seconds.toFixed(1).padStart(7)}   ${r.perSecond.toFixed(1).padStart(9)}   ${r.cpuMsPerImport.toFixed(1).padStart(21)}   ${(r.machineBusy * 100).toFixed(0).padStart(11)}%`,
      );
    } catch (error) {
      ok = false;
      log(`  ${n} replica(s) failed: ${(error as Error).message}`);
    }
  }
  log(
    "\n  measured: imports done after every replica was ready; the CPU column is the replicas' own (PostgreSQL and the fake are not in it).",
  );
  return ok;
}

/** `drain` in BENCH_SCENARIOS: 'only' when it is all that was asked, 'also' beside others, 'no' otherwise (the default). */
export function takeDrainScenario(): 'only' | 'also' | 'no' {
  const names = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.includes('drain')) return 'no';
  const others = names.filter((n) => n !== 'drain');
  if (others.length === 0) return 'only';
  process.env.BENCH_SCENARIOS = others.join(',');
  return 'also';
}

if (require.main === module) {
  runImportDrainBench().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
