/**
 * GET /v1/organizations/{orgId}/audit-logs?limit=50: our service against a bare Fastify + driver
 * baseline doing the same SQL, on embedded PGlite and on PostgreSQL. `npm run bench`.
 *
 * Environment (all optional):
 *   BENCH_TARGETS        embedded,postgres (default both)
 *   BENCH_DATABASE_URL   use this PostgreSQL database as is (not created, not dropped; data is added)
 *   BENCH_ADMIN_URL      where to CREATE/DROP the fresh database (default postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_CONNECTIONS    50      BENCH_DURATION  10 (s per run)   BENCH_WARMUP 3 (s per server)
 *   BENCH_ROUNDS         2       BENCH_TIMEOUT   300 (s, whole run)
 *   BENCH_BARE_PREPARE   true: baseline uses postgres.js prepared statements (its default, as ours does); false: unprepared
 *   BENCH_SCENARIOS      `recording` (bench/recording-import.ts: large recording imports, memory and throughput) runs
 *                        alone when it is the only one named, after the others when named beside them or by default;
 *                        `analysis` (bench/analysis.ts: 1M analyses, list vs bare, analytics, claims; PostgreSQL) likewise;
 *                        `drain` (bench/import-drain.ts: 500 queued imports drained by 1 and 2 replicas; PostgreSQL) only when named;
 *                        `day` (bench/call-centre-day.ts: calls at a rising rate through the whole pipeline; PostgreSQL) only when named;
 *                        `events` (bench/live-events.ts: commit to SSE receipt with 100 clients, webhook deliveries a second; PostgreSQL) only when named
 *
 * The servers run in a child process (bench/server.ts) so autocannon does not share their event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { runAnalysisBench, takeAnalysisScenario } from './analysis';
import { runCallCentreDayBench, takeDayScenario } from './call-centre-day';
import { runImportDrainBench, takeDrainScenario } from './import-drain';
import { runLiveEventsBench, takeEventsScenario } from './live-events';
import { runRecordingImportBench, takeRecordingScenario } from './recording-import';
import type { ChildMessage } from './server';
import { requestedScenarios, runTelephonyBench } from './telephony';
import { machineBusy, withDatabase } from './machine';

type TargetName = 'embedded' | 'postgres';
type Ready = Extract<ChildMessage, { type: 'ready' }>;

const int = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isFinite(n) && n > 0 ? n : fallback;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 50);
const DURATION = int('BENCH_DURATION', 10);
const WARMUP = int('BENCH_WARMUP', 3);
const ROUNDS = int('BENCH_ROUNDS', 2);
const TIMEOUT_S = int('BENCH_TIMEOUT', 300);
const PAGE = 50;
const FRESH_DB = 'switchboard_bench';
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGETS: { ratio: number; p99Ms: number } = { ratio: 0.8, p99Ms: 80 };
/** Share of CPU busy with other work above which the machine does not count as idle. */
const IDLE_BELOW = 0.15;

interface Run {
  server: 'ours' | 'bare';
  round: number;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time of the server process per answered request, in ms (user + system). */
  cpuMsPerRequest: number;
  valid: boolean;
}

interface TargetResult {
  target: TargetName;
  skipped?: string;
  runs: Run[];
  notes: string[];
}

let child: ChildProcess | null = null;
let dropFreshDatabase: (() => Promise<void>) | null = null;

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

// ---------------------------------------------------------------- databases

/** Creates the fresh database, or returns why PostgreSQL cannot be used. */
async function preparePostgres(): Promise<{ url: string } | { skip: string }> {
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) {
    const sql = postgres(given, { max: 1, connect_timeout: 5, onnotice: () => undefined });
    try {
      await sql`select 1`;
      return { url: given };
    } catch (error) {
      return { skip: `cannot connect to BENCH_DATABASE_URL: ${(error as Error).message}` };
    } finally {
      await sql.end({ timeout: 1 }).catch(() => undefined);
    }
  }
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await admin.unsafe(`drop database if exists ${FRESH_DB} with (force)`);
    await admin.unsafe(`create database ${FRESH_DB}`);
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => undefined);
    return { skip: `cannot create database ${FRESH_DB} through ${ADMIN_URL}: ${(error as Error).message}` };
  }
  dropFreshDatabase = async () => {
    dropFreshDatabase = null;
    try {
      await admin.unsafe(`drop database if exists ${FRESH_DB} with (force)`);
    } catch (error) {
      log(`  (could not drop database ${FRESH_DB}: ${(error as Error).message})`);
    } finally {
      await admin.end({ timeout: 1 }).catch(() => undefined);
    }
  };
  return { url: withDatabase(ADMIN_URL, FRESH_DB) };
}

// ---------------------------------------------------------------- servers

function startChild(target: TargetName, url: string | null): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, 'server.ts'), [], {
      // FSTWRN004: create-app replaces Nest's Fastify error handler on purpose (allowErrorHandlerOverride).
      execArgv: [...process.execArgv, '--disable-warning=FSTWRN004'],
      env: { ...process.env, BENCH_CHILD_KIND: target, BENCH_CHILD_URL: url ?? '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    proc.once('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`${message.stage}: ${message.message}`));
    });
    proc.once('exit', (code, signal) => reject(new Error(`server process exited (${signal ?? code}) before it was ready`)));
    proc.once('error', reject);
  });
}

/** CPU microseconds the server process has used so far. */
function childCpu(): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = child;
    if (!proc?.connected) return reject(new Error('server process is gone'));
    const onMessage = (message: ChildMessage) => {
      if (message.type !== 'cpu') return;
      proc.off('message', onMessage);
      resolve(message.micros);
    };
    proc.on('message', onMessage);
    proc.send({ type: 'cpu' });
  });
}

/** Share of all CPUs busy over `ms`, from the kernel's counters: other work on the machine skews results. */

async function stopChild(): Promise<void> {
  const proc = child;
  child = null;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  if (proc.connected) proc.send({ type: 'stop' });
  const killed = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killed);
}

// ---------------------------------------------------------------- checks and load

interface Page {
  data: { id: string }[];
  nextCursor: string | null;
}

async function fetchPage(url: string, apiKey: string): Promise<{ status: number; body: Page | null; text: string }> {
  const response = await fetch(url, { headers: { 'x-api-key': apiKey } });
  const text = await response.text();
  let body: Page | null = null;
  try {
    body = JSON.parse(text) as Page;
  } catch {
    /* reported below */
  }
  return { status: response.status, body, text };
}

/** Both servers answer 200 with a full page, and the same rows in the same order and shape. */
async function checkResponses(oursUrl: string, bareUrl: string, apiKey: string): Promise<string[]> {
  const problems: string[] = [];
  const [ours, bare] = [await fetchPage(oursUrl, apiKey), await fetchPage(bareUrl, apiKey)];
  for (const [name, r] of [
    ['ours', ours],
    ['bare', bare],
  ] as const) {
    if (r.status !== 200) problems.push(`${name} answered ${r.status}: ${r.text.slice(0, 300)}`);
    else if (!r.body || r.body.data?.length !== PAGE || !r.body.nextCursor)
      problems.push(`${name} did not answer a full page with a cursor`);
  }
  if (problems.length === 0 && JSON.stringify(ours.body!.data) !== JSON.stringify(bare.body!.data)) {
    const a = ours.body!.data[0] as unknown as Record<string, unknown>;
    const b = bare.body!.data[0] as unknown as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    problems.push(`ours and bare answer different data (first row differs on: ${keys.join(', ') || 'key order'})`);
  }
  return problems;
}

async function load(url: string, apiKey: string, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration, headers: { 'x-api-key': apiKey }, timeout: 10 });
}

function toRun(server: Run['server'], round: number, r: autocannon.Result, cpuMicros: number): Run {
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    server,
    round,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    cpuMsPerRequest: r.requests.total > 0 ? cpuMicros / 1000 / r.requests.total : NaN,
    valid: r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.requests.total > 0,
  };
}

function printRun(run: Run): void {
  const codes = Object.entries(run.statusCodes)
    .map(([code, n]) => `${code}:${n}`)
    .join(' ');
  const problems = run.valid
    ? ''
    : `  INVALID (non-2xx ${run.non2xx}, errors ${run.errors}, timeouts ${run.timeouts}; status ${codes || 'none'})`;
  log(
    `  round ${run.round}  ${run.server.padEnd(4)}  ${fmt(run.rps).padStart(7)} req/s  p50 ${fmt(run.p50, 1).padStart(6)} ms  p99 ${fmt(run.p99, 1).padStart(6)} ms  ${String(run.total).padStart(7)} requests  server CPU ${fmt(run.cpuMsPerRequest, 2)} ms/req${problems}`,
  );
}

// ---------------------------------------------------------------- one target

async function benchTarget(target: TargetName): Promise<TargetResult> {
  const result: TargetResult = { target, runs: [], notes: [] };
  log(`\n=== ${target} ${'='.repeat(60 - target.length)}`);
  let url: string | null = null;
  if (target === 'postgres') {
    const prepared = await preparePostgres();
    if ('skip' in prepared) {
      result.skipped = prepared.skip;
      log(`  skipped: ${prepared.skip}`);
      return result;
    }
    url = prepared.url;
    log(`  database: ${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`);
  } else {
    log('  database: PGlite in memory, fresh');
  }

  try {
    const started = Date.now();
    let ready: Ready;
    try {
      ready = await startChild(target, url);
    } catch (error) {
      result.skipped = `cannot start: ${(error as Error).message}`;
      log(`  skipped: ${result.skipped}`);
      return result;
    }
    log(
      `  seeded ${ready.auditRows} audit rows in 100 organizations (${fmt(ready.seedSeconds, 1)} s); servers up after ${fmt((Date.now() - started) / 1000, 1)} s`,
    );
    for (const note of ready.notes) {
      result.notes.push(note);
      log(`  note: ${note}`);
    }
    const pathAndQuery = `/v1/organizations/${ready.organizationId}/audit-logs?limit=${PAGE}`;
    const urls = { ours: `http://127.0.0.1:${ready.oursPort}${pathAndQuery}`, bare: `http://127.0.0.1:${ready.barePort}${pathAndQuery}` };

    const problems = await checkResponses(urls.ours, urls.bare, ready.apiKey);
    for (const p of problems) log(`  CHECK FAILED: ${p}`);
    if (problems.some((p) => !p.startsWith('ours and bare answer different data'))) {
      result.skipped = `responses are not 200 pages: ${problems.join('; ')}`;
      return result;
    }
    result.notes.push(...problems);
    if (problems.length === 0) log(`  check: both answer 200 with the same ${PAGE} rows`);

    log(`  warm-up ${WARMUP} s each, then ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections, interleaved`);
    const measure = async (server: Run['server'], round: number, seconds: number): Promise<Run> => {
      const before = await childCpu();
      const r = await load(urls[server], ready.apiKey, seconds);
      return toRun(server, round, r, (await childCpu()) - before);
    };
    for (const server of ['ours', 'bare'] as const) {
      const warm = await measure(server, 0, WARMUP);
      if (!warm.valid) printRun(warm);
    }
    // Give the machine (autovacuum after seeding, anything else running) up to 10 s to settle.
    let busy = await machineBusy(1000);
    for (let waited = 1; busy > IDLE_BELOW && waited < 10; waited++) busy = await machineBusy(1000);
    log(
      `  machine before the rounds: ${fmt(busy * 100)}% of ${os.cpus().length} CPUs busy with other work${busy > IDLE_BELOW ? ' (not idle: figures will be noisy)' : ''}`,
    );
    if (busy > IDLE_BELOW) result.notes.push(`${fmt(busy * 100)}% of the CPUs were busy with other work before the rounds`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of ['ours', 'bare'] as const) {
        await sleep(500);
        const run = await measure(server, round, DURATION);
        result.runs.push(run);
        printRun(run);
      }
    }
    return result;
  } finally {
    await stopChild();
    await dropFreshDatabase?.();
  }
}

// ---------------------------------------------------------------- summary

interface Summary {
  target: TargetName;
  ours: { rps: number; p50: number; p99: number; cpu: number; n: number };
  bare: { rps: number; p50: number; p99: number; cpu: number; n: number };
  ratio: number;
}

function summarize(result: TargetResult): Summary | null {
  const of = (server: Run['server']) => {
    const runs = result.runs.filter((r) => r.server === server && r.valid);
    return {
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpu: median(runs.map((r) => r.cpuMsPerRequest)),
      n: runs.length,
    };
  };
  const ours = of('ours');
  const bare = of('bare');
  if (ours.n === 0 || bare.n === 0) return null;
  return { target: result.target, ours, bare, ratio: ours.rps / bare.rps };
}

function printSummary(results: TargetResult[]): void {
  log('\n=== summary (medians of valid rounds) ==================================');
  log(
    `  ${CONNECTIONS} connections, ${DURATION} s runs, limit=${PAGE}; node ${process.version}, ${os.cpus().length} CPUs shared by load generator, servers and database`,
  );
  const header = [
    'target',
    'ours req/s',
    'ours p50',
    'ours p99',
    'bare req/s',
    'bare p50',
    'bare p99',
    'ours/bare',
    'CPU ms/req ours|bare',
    'valid runs',
  ];
  const rows: string[][] = [];
  const summaries: Summary[] = [];
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.target, `skipped: ${r.skipped}`]);
      continue;
    }
    const s = summarize(r);
    const invalid = r.runs.filter((x) => !x.valid).length;
    if (!s) {
      rows.push([r.target, `no valid runs (${invalid} invalid)`]);
      continue;
    }
    summaries.push(s);
    rows.push([
      r.target,
      fmt(s.ours.rps),
      `${fmt(s.ours.p50, 1)} ms`,
      `${fmt(s.ours.p99, 1)} ms`,
      fmt(s.bare.rps),
      `${fmt(s.bare.p50, 1)} ms`,
      `${fmt(s.bare.p99, 1)} ms`,
      fmt(s.ratio, 2),
      `${fmt(s.ours.cpu, 2)} | ${fmt(s.bare.cpu, 2)}`,
      `${s.ours.n + s.bare.n}/${r.runs.length}`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.length === 2
      ? `  ${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}`
      : `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  log(line(header));
  for (const row of rows) log(line(row));

  log(`\n  issue targets, on PostgreSQL at ${CONNECTIONS} connections: ours/bare >= ${TARGETS.ratio}, ours p99 < ${TARGETS.p99Ms} ms`);
  const pg = summaries.find((s) => s.target === 'postgres');
  if (!pg) {
    log('    not measured (no valid PostgreSQL runs)');
  } else {
    log(`    ratio ${fmt(pg.ratio, 2)} >= ${TARGETS.ratio}: ${pg.ratio >= TARGETS.ratio ? 'MET' : 'NOT MET'}`);
    log(`    p99 ${fmt(pg.ours.p99, 1)} ms < ${TARGETS.p99Ms} ms: ${pg.ours.p99 < TARGETS.p99Ms ? 'MET' : 'NOT MET'}`);
    if (CONNECTIONS !== 50) log('    (measured at a different connection count than the targets name)');
    // A closed loop: each connection waits for its answer, so mean latency is about connections / throughput.
    log(
      `    (with ${CONNECTIONS} connections always busy, mean latency is about ${CONNECTIONS} / req/s: under ${TARGETS.p99Ms} ms needs more than ${fmt(CONNECTIONS / (TARGETS.p99Ms / 1000))} req/s; bare did ${fmt(pg.bare.rps)})`,
    );
  }
  const embedded = summaries.find((s) => s.target === 'embedded');
  if (embedded) {
    log(`  embedded, for information: ratio ${fmt(embedded.ratio, 2)}, ours p99 ${fmt(embedded.ours.p99, 1)} ms`);
  }
  const notes = results.flatMap((r) => r.notes.map((n) => `${r.target}: ${n}`));
  if (notes.length > 0) {
    log('\n  notes:');
    for (const n of notes) log(`    ${n}`);
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const day = takeDayScenario();
  if (day === 'only') return (await runCallCentreDayBench()) ? 0 : 1;
  const drain = takeDrainScenario();
  if (drain === 'only') return (await runImportDrainBench()) ? 0 : 1;
  const events = takeEventsScenario();
  if (events === 'only') return (await runLiveEventsBench()) ? 0 : 1;
  const recording = takeRecordingScenario();
  if (recording === 'only') return (await runRecordingImportBench()) ? 0 : 1;
  const analysis = takeAnalysisScenario();
  if (analysis === 'only') return (await runAnalysisBench()) && (recording !== 'also' || (await runRecordingImportBench())) ? 0 : 1;
  const requested = (process.env.BENCH_TARGETS ?? 'embedded,postgres')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = requested.filter((t) => t !== 'embedded' && t !== 'postgres');
  if (unknown.length > 0 || requested.length === 0) {
    process.stderr.write(`BENCH_TARGETS must list embedded and/or postgres (got "${process.env.BENCH_TARGETS}")\n`);
    return 2;
  }
  const scenarios = requestedScenarios();
  if (!scenarios) return 2;
  const perTarget = 2 * WARMUP + ROUNDS * 2 * (DURATION + 0.5);
  if (scenarios.has('audit'))
    log(
      `Switchboard benchmark: GET /v1/organizations/{orgId}/audit-logs?limit=${PAGE}, ours (NestJS) vs bare (Fastify + driver, same SQL)`,
    );
  if (scenarios.has('audit'))
    log(`targets ${requested.join(', ')}; about ${Math.round(perTarget)} s of load per target plus seeding; gives up after ${TIMEOUT_S} s`);

  const watchdog = setTimeout(() => {
    log(`\nGiving up: the benchmark took more than ${TIMEOUT_S} s (BENCH_TIMEOUT).`);
    child?.kill('SIGKILL');
    void Promise.resolve(dropFreshDatabase?.()).finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();

  const results: TargetResult[] = [];
  for (const target of (scenarios.has('audit') ? requested : []) as TargetName[]) {
    try {
      results.push(await benchTarget(target));
    } catch (error) {
      log(`  ${target} failed: ${(error as Error).stack ?? String(error)}`);
      results.push({ target, skipped: `failed: ${(error as Error).message}`, runs: [], notes: [] });
    }
  }
  if (scenarios.has('audit')) printSummary(results);
  clearTimeout(watchdog);
  await runTelephonyBench(
    requested as TargetName[],
    scenarios,
    scenarios.has('audit') ? { results, targets: TARGETS, connections: CONNECTIONS } : null,
  );
  if (recording === 'also') await runRecordingImportBench();
  if (analysis === 'also') await runAnalysisBench();
  if (drain === 'also') await runImportDrainBench();
  if (events === 'also') await runLiveEventsBench();
  if (day === 'also') await runCallCentreDayBench();
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    child?.kill('SIGKILL');
    void Promise.resolve(dropFreshDatabase?.()).finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    child?.kill('SIGKILL');
    process.exit(1);
  },
);
