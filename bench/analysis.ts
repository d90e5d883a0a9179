/**
 * The analysis scenario of `npm run bench` (BENCH_SCENARIOS=analysis; called from bench/run.ts),
 * PostgreSQL only, on 1,000,000 analyses over 100 organizations (bench/analysis-seed.ts):
 *
 *   list       GET /v1/organizations/{orgId}/analyses?status=needs_review&priority=high&limit=50 with an
 *              API key: ours against a bare Fastify + postgres.js server sending the same statements
 *              (bench/analysis-bare.ts), interleaved rounds. Targets: ours/bare >= 0.8, p99 < 80 ms.
 *   analytics  GET /v1/organizations/{orgId}/analytics/summary for the last 30 days, ours only.
 *              Target: p95 < 50 ms.
 *   claims     20 reviewers (user tokens, role reviewer), one connection each, looping
 *              POST /v1/organizations/{orgId}/review-queue/claim: claims per second; then checks that
 *              no analysis was claimed twice and that reviewer_loads equal the in_review counts.
 *
 * Latency percentiles are exact, from every response's time (autocannon's `response` events).
 *
 * Environment (beside bench/run.ts' BENCH_TARGETS, BENCH_DATABASE_URL, BENCH_ADMIN_URL,
 * BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS, BENCH_BARE_PREPARE):
 *   BENCH_ANALYSES              1000000 analyses    BENCH_ANALYSIS_ORGANIZATIONS 100
 *   BENCH_REVIEWERS_DURATION    10 s of claims      BENCH_ANALYSIS_TIMEOUT       420 s for this scenario
 *   BENCH_ANALYSIS_DEBUG        1: the server process prints its start-up stages with timings
 *
 * Also printed: CPU per request of the server process and of its PostgreSQL backends (read from /proc,
 * so only when PostgreSQL runs on this machine), which stays comparable when other work shares the CPUs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { LIST_FILTER } from './analysis-bare';
import type { AnalysisChildMessage, AnalysisParentMessage } from './analysis-server';
import { machineBusy, withDatabase } from './machine';

type Ready = Extract<AnalysisChildMessage, { type: 'ready' }>;

const SCENARIO = 'analysis';
const int = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isFinite(n) && n > 0 ? n : fallback;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 50);
const DURATION = int('BENCH_DURATION', 10);
const WARMUP = int('BENCH_WARMUP', 3);
const ROUNDS = int('BENCH_ROUNDS', 2);
const CLAIM_DURATION = int('BENCH_REVIEWERS_DURATION', 10);
const TIMEOUT_S = int('BENCH_ANALYSIS_TIMEOUT', 420);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FRESH_DB = 'switchboard_bench_analysis';
const PAGE = 50;
const ANALYTICS_DAYS = 30;
const TARGETS = { listRatio: 0.8, listP99Ms: 80, analyticsP95Ms: 50 };
const IDLE_BELOW = 0.15;

const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/**
 * Takes `analysis` out of BENCH_SCENARIOS before bench/run.ts reads it (its scenario lists do not know
 * it): 'only' when it is the only one named (BENCH_SCENARIOS left as is), 'also' when named beside
 * others (removed) or when BENCH_SCENARIOS is unset (all), 'no' otherwise.
 */
export function takeAnalysisScenario(): 'only' | 'also' | 'no' {
  const raw = process.env.BENCH_SCENARIOS?.trim();
  if (!raw) return 'also';
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.includes(SCENARIO)) return 'no';
  const others = names.filter((n) => n !== SCENARIO);
  if (others.length === 0) return 'only';
  process.env.BENCH_SCENARIOS = others.join(',');
  return 'also';
}

// ---------------------------------------------------------------- database and child

interface Target {
  url: string;
  fresh: boolean;
  drop: () => Promise<void>;
}

async function prepareDatabase(): Promise<Target | { skip: string }> {
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) {
    const sql = postgres(given, { max: 1, connect_timeout: 5, onnotice: () => undefined });
    try {
      await sql`select 1`;
      return { url: given, fresh: false, drop: async () => undefined };
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
  let dropped = false;
  return {
    url: withDatabase(ADMIN_URL, FRESH_DB),
    fresh: true,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      try {
        await admin.unsafe(`drop database if exists ${FRESH_DB} with (force)`);
      } catch (error) {
        log(`  (could not drop database ${FRESH_DB}: ${(error as Error).message})`);
      } finally {
        await admin.end({ timeout: 1 }).catch(() => undefined);
      }
    },
  };
}

let child: ChildProcess | null = null;

function startChild(target: Target): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, 'analysis-server.ts'), [], {
      // FSTWRN004: create-app replaces Nest's Fastify error handler on purpose (allowErrorHandlerOverride).
      execArgv: [...process.execArgv, '--disable-warning=FSTWRN004'],
      env: { ...process.env, BENCH_CHILD_URL: target.url, BENCH_CHILD_FRESH: String(target.fresh) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    proc.once('message', (message: AnalysisChildMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`${message.stage}: ${message.message}`));
    });
    proc.once('exit', (code, signal) => reject(new Error(`server process exited (${signal ?? code}) before it was ready`)));
    proc.once('error', reject);
  });
}

function ask<T extends AnalysisChildMessage['type']>(
  message: AnalysisParentMessage,
  answer: T,
): Promise<Extract<AnalysisChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const proc = child;
    if (!proc?.connected) return reject(new Error('server process is gone'));
    const onMessage = (m: AnalysisChildMessage) => {
      if (m.type !== answer) return;
      proc.off('message', onMessage);
      resolve(m as Extract<AnalysisChildMessage, { type: T }>);
    };
    proc.on('message', onMessage);
    proc.send(message);
  });
}

const childCpu = async () => (await ask({ type: 'cpu' }, 'cpu')).micros;

async function stopChild(): Promise<void> {
  const proc = child;
  child = null;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  if (proc.connected) proc.send({ type: 'stop' } satisfies AnalysisParentMessage);
  const killed = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killed);
}

async function settle(notes: string[], what: string): Promise<void> {
  let busy = await machineBusy(1000);
  for (let waited = 1; busy > IDLE_BELOW && waited < 10; waited++) busy = await machineBusy(1000);
  log(
    `  machine before the ${what}: ${fmt(busy * 100)}% of ${os.cpus().length} CPUs busy with other work${busy > IDLE_BELOW ? ' (not idle: figures will be noisy)' : ''}`,
  );
  if (busy > IDLE_BELOW) notes.push(`${fmt(busy * 100)}% of the CPUs were busy with other work before the ${what}`);
}

// ---------------------------------------------------------------- load

interface Measured {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  total: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
  cpuMsPerRequest: number;
  /** CPU time of the server's PostgreSQL backends per answered request, in ms (NaN when the database is not on this machine). */
  dbCpuMsPerRequest: number;
  valid: boolean;
}

/** Where to read the database backends' CPU time from: a connection to the benchmark database. */
let monitor: postgres.Sql | null = null;
/** Our service's and the baseline's application_name (src/infrastructure/persistence/database.ts, bench/analysis-bare.ts). */
const APPLICATION = { ours: 'switchboard', bare: 'switchboard-bench-bare-analysis' } as const;

/**
 * CPU microseconds the backends of one application have used so far, from /proc (utime + stime in
 * clock ticks of 10 ms); NaN when PostgreSQL runs elsewhere. The pools keep their connections.
 */
async function databaseCpu(application: string): Promise<number> {
  if (!monitor) return NaN;
  const rows = await monitor<
    { pid: number }[]
  >`select pid from pg_stat_activity where application_name = ${application} and datname = current_database()`;
  let ticks = 0;
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return NaN;
  }
  return rows.length > 0 ? ticks * 10_000 : NaN;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

type Options = autocannon.Options & {
  method?: string;
  setupClient?: (client: { setRequests(requests: unknown[]): void }) => void;
};

/** One autocannon run with every response's time kept (exact percentiles), and the server's CPU time. */
async function measure(
  server: keyof typeof APPLICATION,
  options: Options,
  valid: (r: autocannon.Result) => boolean = (r) => r.non2xx === 0,
): Promise<Measured> {
  const dbBefore = await databaseCpu(APPLICATION[server]);
  const before = await childCpu();
  const times: number[] = [];
  const tracker = autocannon({ timeout: 10, ...options } as autocannon.Options) as unknown as Promise<autocannon.Result> & {
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  };
  tracker.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const r = await tracker;
  const cpu = (await childCpu()) - before;
  const dbCpu = (await databaseCpu(APPLICATION[server])) - dbBefore;
  times.sort((a, b) => a - b);
  return {
    rps: r.requests.total / r.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    total: r.requests.total,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    cpuMsPerRequest: r.requests.total > 0 ? cpu / 1000 / r.requests.total : NaN,
    dbCpuMsPerRequest: r.requests.total > 0 ? dbCpu / 1000 / r.requests.total : NaN,
    valid: r.errors === 0 && r.timeouts === 0 && r.requests.total > 0 && valid(r),
  };
}

function describe(label: string, m: Measured): string {
  const codes = Object.entries(m.statusCodes)
    .map(([code, n]) => `${code}:${n}`)
    .join(' ');
  const problems = m.valid ? '' : `  INVALID (errors ${m.errors}, timeouts ${m.timeouts}; status ${codes || 'none'})`;
  return (
    `  ${label}  ${fmt(m.rps).padStart(6)} req/s  p50 ${fmt(m.p50, 1).padStart(6)} ms  p95 ${fmt(m.p95, 1).padStart(6)} ms  p99 ${fmt(m.p99, 1).padStart(6)} ms` +
    `  ${String(m.total).padStart(6)} requests  CPU ms/req: server ${fmt(m.cpuMsPerRequest, 2)}, database ${fmt(m.dbCpuMsPerRequest, 2)}${problems}`
  );
}

async function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* reported by the caller */
  }
  return { status: response.status, body, text };
}

// ---------------------------------------------------------------- the three parts

interface ListResult {
  runs: { server: 'ours' | 'bare'; round: number; m: Measured }[];
  problems: string[];
}

async function benchList(ready: Ready, notes: string[]): Promise<ListResult> {
  const result: ListResult = { runs: [], problems: [] };
  const pathAndQuery = `/v1/organizations/${ready.organizationId}/analyses?status=${LIST_FILTER.status}&priority=${LIST_FILTER.priority}&limit=${PAGE}`;
  const urls = { ours: `http://127.0.0.1:${ready.oursPort}${pathAndQuery}`, bare: `http://127.0.0.1:${ready.barePort}${pathAndQuery}` };
  const headers = { 'x-api-key': ready.apiKey };
  log(`\n  -- GET ${pathAndQuery.replace(ready.organizationId, '{orgId}')}, API key`);

  // Same answer from both, and the same statements on the wire.
  const [ours, bare] = [await getJson(urls.ours, headers), await getJson(urls.bare, headers)];
  for (const [name, r] of [
    ['ours', ours],
    ['bare', bare],
  ] as const) {
    if (r.status !== 200) result.problems.push(`${name} answered ${r.status}: ${r.text.slice(0, 300)}`);
    else if (r.body?.data?.length !== PAGE || !r.body.nextCursor) result.problems.push(`${name} did not answer a full page with a cursor`);
  }
  if (result.problems.length > 0) {
    for (const p of result.problems) log(`  CHECK FAILED: ${p}`);
    return result;
  }
  if (JSON.stringify(ours.body.data) !== JSON.stringify(bare.body.data)) {
    const a = ours.body.data[0] as Record<string, unknown>;
    const b = bare.body.data[0] as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    const p = `ours and bare answer different data (first row differs on: ${keys.join(', ') || 'key order'})`;
    log(`  CHECK: ${p}`);
    notes.push(p);
  } else {
    log(`  check: both answer 200 with the same ${PAGE} rows (${(ours.text.length / 1024).toFixed(1)} KiB)`);
  }
  // A second request each (prepared statements already parsed), traced.
  child?.send({ type: 'trace', on: true } satisfies AnalysisParentMessage);
  await getJson(urls.ours, headers);
  await getJson(urls.bare, headers);
  const trace = await ask({ type: 'trace', on: false }, 'trace');
  const same = JSON.stringify(trace.ours) === JSON.stringify(trace.bare);
  log(`  statements per request: ours ${trace.ours.length}, bare ${trace.bare.length}${same ? ' (the same, in the same order)' : ''}`);
  if (!same) {
    for (const [name, lines] of [
      ['ours', trace.ours],
      ['bare', trace.bare],
    ] as const) {
      for (const line of lines) log(`    ${name}: ${line.slice(0, 160)}`);
    }
    notes.push('ours and bare sent different statements for one list request (see the trace above)');
  }

  log(`  warm-up ${WARMUP} s each, then ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections, interleaved`);
  for (const server of ['ours', 'bare'] as const) {
    const warm = await measure(server, { url: urls[server], connections: CONNECTIONS, duration: WARMUP, headers });
    if (!warm.valid) log(describe(`warm-up ${server}`, warm));
  }
  await settle(notes, 'list rounds');
  for (let round = 1; round <= ROUNDS; round++) {
    for (const server of ['ours', 'bare'] as const) {
      await sleep(500);
      const m = await measure(server, { url: urls[server], connections: CONNECTIONS, duration: DURATION, headers });
      result.runs.push({ server, round, m });
      log(describe(`round ${round}  ${server.padEnd(4)}`, m));
    }
  }
  return result;
}

async function benchAnalytics(ready: Ready, notes: string[]): Promise<Measured | null> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (ANALYTICS_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const pathAndQuery = `/v1/organizations/${ready.organizationId}/analytics/summary?from=${from}&to=${to}`;
  const url = `http://127.0.0.1:${ready.oursPort}${pathAndQuery}`;
  const headers = { 'x-api-key': ready.apiKey };
  log(`\n  -- GET ${pathAndQuery.replace(ready.organizationId, '{orgId}')} (${ANALYTICS_DAYS} days), API key, ours only`);
  const r = await getJson(url, headers);
  const days = r.body?.days as { analyses: number; activeReviewers: number }[] | undefined;
  if (r.status !== 200 || !Array.isArray(days)) {
    log(`  CHECK FAILED: answered ${r.status}: ${r.text.slice(0, 300)}`);
    return null;
  }
  const analyses = days.reduce((n, d) => n + d.analyses, 0);
  log(`  check: 200 with ${days.length} days, ${analyses} analyses, refreshedAt ${r.body.refreshedAt}`);
  if (days.length !== ANALYTICS_DAYS || analyses === 0)
    notes.push(`analytics answered ${days.length} days and ${analyses} analyses (expected ${ANALYTICS_DAYS} days with analyses)`);
  await measure('ours', { url, connections: CONNECTIONS, duration: WARMUP, headers });
  await settle(notes, 'analytics run');
  const m = await measure('ours', { url, connections: CONNECTIONS, duration: DURATION, headers });
  log(describe('ours', m));
  return m;
}

interface ClaimResult {
  m: Measured;
  claimed: number;
  distinct: number;
  empty: number;
  wrongAssignee: number;
  notInReview: number;
  claimedInDatabase: number;
  /** analysis.assigned audit rows written during the run, and for how many distinct analyses. */
  auditAssigned: number;
  auditDistinct: number;
  loadMismatches: { userId: string; load: number; inReview: number }[];
  reviewersChecked: number;
  queueLeft: number;
}

async function benchClaims(ready: Ready, url: string, notes: string[]): Promise<ClaimResult | null> {
  const reviewers = ready.reviewers;
  const claimPath = `/v1/organizations/${ready.organizationId}/review-queue/claim`;
  log(
    `\n  -- POST ${claimPath.replace(ready.organizationId, '{orgId}')}, ${reviewers.length} reviewers (one connection and token each), ${CLAIM_DURATION} s`,
  );
  // Each reviewer's first request creates nothing, but goes through onboarding: do it before the run.
  for (const r of reviewers) {
    const first = await getJson(`http://127.0.0.1:${ready.oursPort}/v1/organizations/${ready.organizationId}/analyses?limit=1`, {
      authorization: `Bearer ${r.token}`,
    });
    if (first.status !== 200) {
      log(`  CHECK FAILED: reviewer ${r.id} cannot list analyses: ${first.status} ${first.text.slice(0, 300)}`);
      return null;
    }
  }
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  try {
    const [{ at: since }] = await sql<{ at: Date }[]>`select now() as at`;
    const claims: { id: string; reviewer: string; status: number }[] = [];
    let empty = 0;
    let next = 0;
    await settle(notes, 'claims');
    const m = await measure(
      'ours',
      {
        url: `http://127.0.0.1:${ready.oursPort}${claimPath}`,
        connections: reviewers.length,
        duration: CLAIM_DURATION,
        method: 'POST',
        setupClient: (client) => {
          const reviewer = reviewers[next++ % reviewers.length]!;
          client.setRequests([
            {
              method: 'POST',
              path: claimPath,
              headers: { authorization: `Bearer ${reviewer.token}` },
              onResponse: (status: number, body: string) => {
                if (status === 204) empty++;
                else if (status === 200) claims.push({ id: (JSON.parse(body) as { id: string }).id, reviewer: reviewer.id, status });
              },
            },
          ]);
        },
      },
      (r) => r.non2xx === 0,
    );
    log(describe('ours', m));

    // Claims still in flight when the run stopped finish on the server, unanswered: let them land.
    await sleep(1000);
    // Nothing claimed twice; each claim in review with its reviewer; loads equal the in_review counts.
    const distinct = new Set(claims.map((c) => c.id)).size;
    const ids = claims.map((c) => c.id);
    const [checked] = await sql<{ wrong: number; not_in_review: number }[]>`
      select count(*) filter (where a.assigned_to is distinct from c.reviewer)::int as wrong,
             count(*) filter (where a.status <> 'in_review')::int as not_in_review
      from unnest(${ids}::uuid[], ${claims.map((c) => c.reviewer)}::uuid[]) as c(id, reviewer)
      left join analyses a on a.id = c.id`;
    const [inDb] = await sql<{ n: number }[]>`
      select count(*)::int as n from analyses where organization_id = ${ready.organizationId} and status = 'in_review' and assigned_at >= ${since}`;
    const [audit] = await sql<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct resource_id)::int as distinct from audit_logs
      where organization_id = ${ready.organizationId} and action = 'analysis.assigned' and occurred_at >= ${since}`;
    const mismatches = await sql<{ user_id: string; load: number; in_review: number }[]>`
      select coalesce(l.user_id, c.user_id) as user_id, coalesce(l.open_assignments, 0) as load, coalesce(c.n, 0)::int as in_review
      from (select user_id, open_assignments from reviewer_loads where organization_id = ${ready.organizationId}) as l
      full join (select assigned_to as user_id, count(*) as n from analyses
                 where organization_id = ${ready.organizationId} and status = 'in_review' group by assigned_to) as c on c.user_id = l.user_id
      where coalesce(l.open_assignments, 0) <> coalesce(c.n, 0)`;
    const [reviewersChecked] = await sql<
      { n: number }[]
    >`select count(*)::int as n from reviewer_loads where organization_id = ${ready.organizationId}`;
    const [left] = await sql<
      { n: number }[]
    >`select count(*)::int as n from analyses where organization_id = ${ready.organizationId} and status = 'needs_review'`;
    return {
      m,
      claimed: claims.length,
      distinct,
      empty,
      wrongAssignee: checked!.wrong,
      notInReview: checked!.not_in_review,
      claimedInDatabase: inDb!.n,
      auditAssigned: audit!.n,
      auditDistinct: audit!.distinct,
      loadMismatches: mismatches.map((x) => ({ userId: x.user_id, load: x.load, inReview: x.in_review })),
      reviewersChecked: reviewersChecked!.n,
      queueLeft: left!.n,
    };
  } finally {
    await sql.end({ timeout: 2 }).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- scenario

/** Runs the scenario on the BENCH_TARGETS that make sense (PostgreSQL); resolves false when it could not run or a check failed. */
export async function runAnalysisBench(): Promise<boolean> {
  const targets = (process.env.BENCH_TARGETS ?? 'embedded,postgres').split(',').map((t) => t.trim());
  log(`\n=== analysis: 1,000,000 analyses over 100 organizations (PostgreSQL) ${'='.repeat(8)}`);
  if (targets.includes('embedded'))
    log('  embedded: skipped (1,000,000 analyses in in-memory PGlite is not a meaningful measurement of the service)');
  if (!targets.includes('postgres')) {
    log('  postgres: not in BENCH_TARGETS, nothing to run');
    return true;
  }
  const started = Date.now();
  const prepared = await prepareDatabase();
  if ('skip' in prepared) {
    log(`  postgres: skipped: ${prepared.skip}`);
    return false;
  }
  const watchdog = setTimeout(() => {
    log(`\nGiving up: the analysis scenario took more than ${TIMEOUT_S} s (BENCH_ANALYSIS_TIMEOUT).`);
    child?.kill('SIGKILL');
    void prepared.drop().finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();
  const onSignal = () => child?.kill('SIGKILL');
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const notes: string[] = [];
  try {
    log(
      `  database: ${prepared.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}${prepared.fresh ? ' (fresh)' : ' (given: added to, not dropped)'}`,
    );
    let ready: Ready;
    try {
      ready = await startChild(prepared);
    } catch (error) {
      log(`  postgres: skipped: cannot start: ${(error as Error).message}`);
      return false;
    }
    const s = ready.seed;
    log(
      `  seeded ${s.analyses} analyses in ${fmt(s.seconds, 1)} s (${Object.entries(s.timings)
        .map(([k, v]) => `${k} ${fmt(v, 1)} s`)
        .join(
          ', ',
        )}); analytics refresh ${fmt(ready.refresh.seconds, 1)} s (${ready.refresh.rows} rows from ${ready.refresh.fromDay}); vacuum analyze ${fmt(ready.vacuumSeconds, 1)} s`,
    );
    log(
      `  measured organization: ${s.bigOrganizationAnalyses} analyses (${Object.entries(s.statuses)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); queue: ${Object.entries(s.queue)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ${ready.reviewers.length} reviewers; ready after ${fmt((Date.now() - started) / 1000, 1)} s`,
    );
    for (const note of ready.notes) {
      notes.push(note);
      log(`  note: ${note}`);
    }

    monitor = postgres(prepared.url, { max: 1, onnotice: () => undefined, connection: { application_name: 'switchboard-bench-monitor' } });
    const list = await benchList(ready, notes);
    const analytics = await benchAnalytics(ready, notes);
    const claims = await benchClaims(ready, prepared.url, notes);
    return printSummary(ready, list, analytics, claims, notes, (Date.now() - started) / 1000);
  } finally {
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await monitor?.end({ timeout: 1 }).catch(() => undefined);
    monitor = null;
    await stopChild();
    await prepared.drop();
  }
}

/** Prints the table; false when a part could not be measured or the claims were not correct (missed targets are results, not failures). */
function printSummary(
  ready: Ready,
  list: ListResult,
  analytics: Measured | null,
  claims: ClaimResult | null,
  notes: string[],
  seconds: number,
): boolean {
  log('\n=== analysis summary ====================================================');
  log(
    `  ${CONNECTIONS} connections, ${DURATION} s runs, exact percentiles; node ${process.version}, ${os.cpus().length} CPUs shared by load generator, servers and database; scenario took ${fmt(seconds)} s`,
  );
  const of = (server: 'ours' | 'bare') => {
    const runs = list.runs.filter((r) => r.server === server && r.m.valid).map((r) => r.m);
    return {
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpu: median(runs.map((r) => r.cpuMsPerRequest)),
      db: median(runs.map((r) => r.dbCpuMsPerRequest)),
      n: runs.length,
    };
  };
  const ours = of('ours');
  const bare = of('bare');
  const ratio = ours.rps / bare.rps;
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'MET' : 'NOT MET');
  const rows: string[][] = [['measure', 'figure', 'target', 'verdict']];
  if (ours.n > 0 && bare.n > 0) {
    rows.push([
      'list ours (medians)',
      `${fmt(ours.rps)} req/s, p50 ${fmt(ours.p50, 1)} ms, p99 ${fmt(ours.p99, 1)} ms, CPU ms/req server ${fmt(ours.cpu, 2)} + database ${fmt(ours.db, 2)}`,
      '',
      '',
    ]);
    rows.push([
      'list bare (medians)',
      `${fmt(bare.rps)} req/s, p50 ${fmt(bare.p50, 1)} ms, p99 ${fmt(bare.p99, 1)} ms, CPU ms/req server ${fmt(bare.cpu, 2)} + database ${fmt(bare.db, 2)}`,
      '',
      '',
    ]);
    rows.push(['list ours/bare', fmt(ratio, 2), `>= ${TARGETS.listRatio}`, verdict(ratio >= TARGETS.listRatio)]);
    rows.push([
      `list ours p99 @${CONNECTIONS}`,
      `${fmt(ours.p99, 1)} ms`,
      `< ${TARGETS.listP99Ms} ms`,
      verdict(ours.p99 < TARGETS.listP99Ms),
    ]);
  } else {
    rows.push([
      'list',
      `no valid runs${list.problems.length ? `: ${list.problems.join('; ')}` : ''}`,
      `>= ${TARGETS.listRatio}, p99 < ${TARGETS.listP99Ms} ms`,
      verdict(null),
    ]);
  }
  if (analytics?.valid) {
    rows.push([
      `analytics ${ANALYTICS_DAYS} days`,
      `${fmt(analytics.rps)} req/s, p50 ${fmt(analytics.p50, 1)} ms, p95 ${fmt(analytics.p95, 1)} ms, p99 ${fmt(analytics.p99, 1)} ms, CPU ms/req server ${fmt(analytics.cpuMsPerRequest, 2)} + database ${fmt(analytics.dbCpuMsPerRequest, 2)}`,
      `p95 < ${TARGETS.analyticsP95Ms} ms`,
      verdict(analytics.p95 < TARGETS.analyticsP95Ms),
    ]);
  } else {
    rows.push([`analytics ${ANALYTICS_DAYS} days`, 'no valid run', `p95 < ${TARGETS.analyticsP95Ms} ms`, verdict(null)]);
  }
  let ok = ours.n > 0 && bare.n > 0 && Boolean(analytics?.valid) && claims !== null;
  if (claims) {
    // Answered claims are distinct, in review with their reviewer; every claim the database saw (the
    // answered ones and at most one in flight per connection when the run stopped) is one analysis.
    const inFlight = claims.claimedInDatabase - claims.claimed;
    const correct =
      claims.claimed === claims.distinct &&
      claims.wrongAssignee === 0 &&
      claims.notInReview === 0 &&
      claims.auditAssigned === claims.auditDistinct &&
      claims.auditAssigned === claims.claimedInDatabase &&
      inFlight >= 0 &&
      inFlight <= ready.reviewers.length &&
      claims.loadMismatches.length === 0;
    rows.push([
      `claims, ${ready.reviewers.length} reviewers`,
      `${fmt(claims.claimed / CLAIM_DURATION)} claims/s (${claims.claimed} answered in ${CLAIM_DURATION} s, ${claims.empty} empty), p50 ${fmt(claims.m.p50, 1)} ms, p99 ${fmt(claims.m.p99, 1)} ms, CPU ms/claim server ${fmt(claims.m.cpuMsPerRequest, 2)} + database ${fmt(claims.m.dbCpuMsPerRequest, 2)}`,
      'measured',
      claims.m.valid ? 'measured' : 'INVALID run',
    ]);
    rows.push([
      'claims correct',
      `${claims.distinct} distinct of ${claims.claimed} answered; database: ${claims.claimedInDatabase} claimed (${inFlight} in flight at the stop), ` +
        `${claims.auditAssigned} analysis.assigned audit rows for ${claims.auditDistinct} analyses; wrong assignee ${claims.wrongAssignee}, not in review ${claims.notInReview}`,
      'no double claim',
      correct ? 'MET' : 'NOT MET',
    ]);
    rows.push([
      'reviewer loads',
      `reviewer_loads = in_review count for ${claims.reviewersChecked - claims.loadMismatches.length}/${claims.reviewersChecked} reviewers; ${claims.queueLeft} left in the queue`,
      'loads exact',
      claims.loadMismatches.length === 0 ? 'MET' : 'NOT MET',
    ]);
    ok &&= correct && claims.m.valid;
    for (const x of claims.loadMismatches.slice(0, 5))
      notes.push(`reviewer ${x.userId}: reviewer_loads ${x.load}, in_review ${x.inReview}`);
  } else {
    rows.push(['claims', 'not measured', '', verdict(null)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) log(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
  // A closed loop: each connection waits for its answer, so mean latency is about connections / throughput.
  log(
    `  (${CONNECTIONS} connections always busy: mean latency is about ${CONNECTIONS} / req/s, so a p99 under ${TARGETS.listP99Ms} ms needs well over ` +
      `${fmt(CONNECTIONS / (TARGETS.listP99Ms / 1000))} req/s and a p95 under ${TARGETS.analyticsP95Ms} ms well over ${fmt(CONNECTIONS / (TARGETS.analyticsP95Ms / 1000))} req/s; ` +
      `the bare list did ${fmt(bare.rps)} req/s with p99 ${fmt(bare.p99, 1)} ms)`,
  );
  if (notes.length > 0) {
    log('\n  notes:');
    for (const n of notes) log(`    ${n}`);
  }
  return ok;
}
