/**
 * The telephony scenarios of `npm run bench` (called from bench/run.ts):
 *
 *   status  POST /webhooks/twilio/status: signature check against the workspace's sealed token, then
 *           the call leg updated with its audit row and audit_log_unsealed row in one transaction; ours
 *           against a bare Fastify + driver handler sending the same statements (bench/telephony-bare.ts).
 *           Every request is a distinct, signed callback with the next SequenceNumber of its leg, so
 *           every request is a real update (checked: audit rows written >= requests answered).
 *   twiml   POST /webhooks/twilio/voice for a known number, a new CallSid each time: a new call,
 *           its audit row, and TwiML that rings the number's agent. Ours only.
 *
 * Each: maximum throughput (BENCH_CONNECTIONS connections, BENCH_DURATION s, status interleaved
 * with the baseline for BENCH_ROUNDS rounds), then latency at a fixed rate (BENCH_RATE, 200/s).
 *
 * Environment (beside bench/run.ts' BENCH_TARGETS, BENCH_DATABASE_URL, BENCH_ADMIN_URL, BENCH_CONNECTIONS,
 * BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS, BENCH_BARE_PREPARE):
 *   BENCH_SCENARIOS          audit,status,twiml (default all)
 *   BENCH_CALL_LEGS          call legs to update, 4 callbacks each (default 40000 on PostgreSQL, 10000 embedded)
 *   BENCH_RATE               200 requests/s    BENCH_RATE_DURATION  10 s
 *   BENCH_TELEPHONY_TIMEOUT  420 s for these scenarios (both targets)
 *   BENCH_PUBLIC_BASE_URL    https://switchboard.bench.example (the service's PUBLIC_BASE_URL: what Twilio signs)
 *   BENCH_BARE_STATUS        lean: the baseline runs its lookups inside the write transaction (what merging our three
 *                            transactions into one would be worth); default: exactly our statements and transactions
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import twilio from 'twilio';
import type { TelephonyChildMessage, TelephonyParentMessage } from './telephony-server';
import type { SeededWorkspace } from './telephony-seed';
import { machineBusy, withDatabase } from './machine';

export const SCENARIOS = ['audit', 'status', 'twiml'] as const;
export type Scenario = (typeof SCENARIOS)[number];
type TargetName = 'embedded' | 'postgres';
type Ready = Extract<TelephonyChildMessage, { type: 'ready' }>;

/** BENCH_SCENARIOS as a set; null (after printing why) when it names something unknown. */
export function requestedScenarios(): Set<Scenario> | null {
  const raw = process.env.BENCH_SCENARIOS?.trim();
  const names = raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...SCENARIOS];
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    process.stderr.write(`BENCH_SCENARIOS must list some of ${SCENARIOS.join(', ')} (got "${raw}")\n`);
    return null;
  }
  return new Set(names as Scenario[]);
}

const int = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isFinite(n) && n > 0 ? n : fallback;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 50);
const DURATION = int('BENCH_DURATION', 10);
const WARMUP = int('BENCH_WARMUP', 3);
const ROUNDS = int('BENCH_ROUNDS', 2);
const RATE = int('BENCH_RATE', 200);
const RATE_DURATION = int('BENCH_RATE_DURATION', 10);
const TIMEOUT_S = int('BENCH_TELEPHONY_TIMEOUT', 420);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FRESH_DB = 'switchboard_bench_telephony';
/** Issue 13's targets, against the lean baseline (bench/telephony-lean.ts). */
const TARGETS = { statusRatio: 0.7, statusCpuRatio: 1.5, statusP99Ratio: 2, twimlP99Ms: 50, statementsPerCallback: 5 };
/** The mirror baseline (bench/telephony-bare.ts: our statements, our transactions) runs too when BENCH_MIRROR=1. */
const MIRROR = /^(1|true|yes|on)$/i.test(process.env.BENCH_MIRROR ?? '');
const STATUS_SERVERS = (MIRROR ? ['ours', 'lean', 'bare'] : ['ours', 'lean']) as ('ours' | 'bare' | 'lean')[];
const IDLE_BELOW = 0.15;
const USER_AGENT = 'TwilioProxy/1.1';
const STATUS_PATH = '/webhooks/twilio/status';
const VOICE_PATH = '/webhooks/twilio/voice';

const log = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

// ---------------------------------------------------------------- Twilio's parameter sets

interface Samples {
  voice: Record<string, string>;
  statusCommon: Record<string, string>;
  statusEvents: Record<string, string>[];
}

/** test/fixtures/twilio/webhook-samples.json (Twilio's documented parameter sets), or the same shapes inline. */
function loadSamples(): Samples {
  const file = path.resolve(__dirname, '../test/fixtures/twilio/webhook-samples.json');
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, 'utf8')) as {
      incoming_voice_call: { params: Record<string, string> };
      status_callbacks_outbound_api_call: { _common: Record<string, string>; events: Record<string, string>[] };
    };
    return {
      voice: s.incoming_voice_call.params,
      statusCommon: s.status_callbacks_outbound_api_call._common,
      statusEvents: s.status_callbacks_outbound_api_call.events,
    };
  }
  const common = {
    AccountSid: '',
    ApiVersion: '2010-04-01',
    CallSid: '',
    CallbackSource: 'call-progress-events',
    Called: '',
    Caller: '',
    Direction: 'outbound-api',
    From: '',
    To: '',
  };
  return {
    voice: {
      AccountSid: '',
      ApiVersion: '2010-04-01',
      CallSid: '',
      CallStatus: 'ringing',
      Called: '',
      Caller: '',
      Direction: 'inbound',
      From: '',
      To: '',
    },
    statusCommon: common,
    statusEvents: [
      { CallStatus: 'initiated', SequenceNumber: '0' },
      { CallStatus: 'ringing', SequenceNumber: '1' },
      { CallStatus: 'in-progress', SequenceNumber: '2' },
      { CallStatus: 'completed', SequenceNumber: '3', CallDuration: '82', Duration: '2' },
    ],
  };
}

interface Signed {
  body: string;
  signature: string;
}

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
/** Seconds after the first callback at which Twilio reports each event (as in the samples). */
const EVENT_OFFSETS_S = [0, 2, 16, 98];
const BLOCK = 1000;

/**
 * The status callbacks, each sent once: the legs (interleaved across workspaces) go in blocks of
 * 1,000; each block gets its initiated, ringing, in-progress and completed callbacks in turn, so
 * any stretch of requests mixes the four kinds and concurrent requests never touch the same leg.
 */
class StatusCallbacks {
  private readonly legs: { sid: string; ws: SeededWorkspace }[] = [];
  private readonly prepared: Signed[] = [];
  private preparedAt = 0;
  private generated = 0;
  readonly total: number;
  exhausted = false;
  private readonly url: string;
  private readonly started = Date.now();

  constructor(
    ready: Ready,
    private readonly samples: Samples,
  ) {
    const longest = Math.max(...ready.legs.map((l) => l.length));
    for (let i = 0; i < longest; i++) {
      ready.legs.forEach((list, w) => {
        if (i < list.length) this.legs.push({ sid: list[i]!, ws: ready.workspaces[w]! });
      });
    }
    this.total = this.legs.length * samples.statusEvents.length;
    this.url = `${ready.publicBaseUrl}${STATUS_PATH}`;
  }

  get remaining(): number {
    return this.total - this.generated + (this.prepared.length - this.preparedAt);
  }

  private build(k: number): Signed {
    const kinds = this.samples.statusEvents.length;
    const blockStart = Math.floor(k / (BLOCK * kinds)) * BLOCK;
    const size = Math.min(BLOCK, this.legs.length - blockStart);
    const within = k - blockStart * kinds;
    const seq = Math.floor(within / size);
    const leg = this.legs[blockStart + (within % size)]!;
    const event = this.samples.statusEvents[seq]!;
    const to = `client:${leg.ws.identity}`;
    const params: Record<string, string> = {
      ...this.samples.statusCommon,
      ...event,
      AccountSid: leg.ws.accountSid,
      CallSid: leg.sid,
      From: leg.ws.number,
      Caller: leg.ws.number,
      To: to,
      Called: to,
      SequenceNumber: String(seq),
      Timestamp: rfc2822(this.started + (EVENT_OFFSETS_S[seq] ?? seq) * 1000),
    };
    return {
      body: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(leg.ws.authToken, this.url, params),
    };
  }

  /** Builds the next `n` callbacks ahead of a run, so signing them costs the load generator nothing during it. */
  prepare(n: number): void {
    this.prepared.splice(0, this.preparedAt);
    this.preparedAt = 0;
    while (this.prepared.length < n && this.generated < this.total) this.prepared.push(this.build(this.generated++));
  }

  next(): Signed {
    if (this.preparedAt < this.prepared.length) return this.prepared[this.preparedAt++]!;
    if (this.generated < this.total) return this.build(this.generated++);
    // Out of legs: resend the last one (a stale callback: no write) and mark the run invalid.
    this.exhausted = true;
    return this.build(this.total - 1);
  }
}

/** Inbound calls to the seeded numbers, a new CallSid (and caller) each time. */
class VoiceCalls {
  private n = 0;
  private readonly url: string;
  private readonly prepared: Signed[] = [];
  private preparedAt = 0;

  constructor(
    private readonly ready: Ready,
    private readonly samples: Samples,
  ) {
    this.url = `${ready.publicBaseUrl}${VOICE_PATH}`;
  }

  private build(): Signed {
    const ws = this.ready.workspaces[this.n++ % this.ready.workspaces.length]!;
    const caller = `+1206555${String(this.n % 10_000).padStart(4, '0')}`;
    const params: Record<string, string> = {
      ...this.samples.voice,
      AccountSid: ws.accountSid,
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      To: ws.number,
      Called: ws.number,
      From: caller,
      Caller: caller,
    };
    return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(ws.authToken, this.url, params) };
  }

  prepare(n: number): void {
    this.prepared.splice(0, this.preparedAt);
    this.preparedAt = 0;
    while (this.prepared.length < n) this.prepared.push(this.build());
  }

  next(): Signed {
    return this.preparedAt < this.prepared.length ? this.prepared[this.preparedAt++]! : this.build();
  }
}

// ---------------------------------------------------------------- child process

let child: ChildProcess | null = null;
let dropFreshDatabase: (() => Promise<void>) | null = null;

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

function startChild(target: TargetName, url: string | null): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, 'telephony-server.ts'), [], {
      // FSTWRN004: create-app replaces Nest's Fastify error handler on purpose (allowErrorHandlerOverride).
      execArgv: [
        ...process.execArgv,
        '--disable-warning=FSTWRN004',
        ...(process.env.BENCH_CHILD_EXEC_ARGV?.split(' ').filter(Boolean) ?? []),
      ],
      env: { ...process.env, BENCH_CHILD_KIND: target, BENCH_CHILD_URL: url ?? '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    proc.once('message', (message: TelephonyChildMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`${message.stage}: ${message.message}`));
    });
    proc.once('exit', (code, signal) => reject(new Error(`server process exited (${signal ?? code}) before it was ready`)));
    proc.once('error', reject);
  });
}

function ask<T extends TelephonyChildMessage['type']>(
  message: TelephonyParentMessage,
  reply: T,
): Promise<Extract<TelephonyChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const proc = child;
    if (!proc?.connected) return reject(new Error('server process is gone'));
    const onMessage = (m: TelephonyChildMessage) => {
      if (m.type !== reply) return;
      proc.off('message', onMessage);
      resolve(m as Extract<TelephonyChildMessage, { type: T }>);
    };
    proc.on('message', onMessage);
    proc.send(message);
  });
}

async function stopChild(): Promise<void> {
  const proc = child;
  child = null;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  if (proc.connected) proc.send({ type: 'stop' } satisfies TelephonyParentMessage);
  const killed = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killed);
}

// ---------------------------------------------------------------- load

interface Load {
  rps: number;
  p50: number;
  p99: number;
  answered2xx: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Fixed rate: the latest a request went out after it was due (the load generator falling behind). */
  lagMaxMs?: number;
  /** Fixed rate: the server fell a second behind and the run stopped early. */
  fellBehind?: string;
}

/** autocannon with a request made per request (bench/autocannon.d.ts declares the plain options only). */
interface RequestParams {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
const autocannonRequests = autocannon as unknown as (
  options: autocannon.Options & { requests: (Partial<RequestParams> & { setupRequest: (request: RequestParams) => RequestParams })[] },
) => Promise<autocannon.Result & { '2xx': number }>;

/** Closed loop: `connections` connections, each sending its next request as soon as the answer arrives. */
async function maxThroughput(port: number, pathname: string, source: () => Signed, seconds: number): Promise<Load> {
  const r = await autocannonRequests({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: pathname,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
        setupRequest: (request) => {
          const s = source();
          request.body = s.body;
          request.headers['x-twilio-signature'] = s.signature;
          return request;
        },
      },
    ],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    answered2xx: r['2xx'],
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate and is sent then, over a keep-alive
 * pool, whether or not earlier ones have answered (so a slow answer cannot hold back the requests
 * after it). Not autocannon's overallRate: that sends each connection's share of a second back to
 * back at the start of the second, a burst of `connections` requests every second.
 */
async function fixedRate(port: number, pathname: string, source: () => Signed, rate: number, seconds: number): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const count = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let answered2xx = 0;
  let outstanding = 0;
  let stopping = false;
  const pending: Promise<void>[] = [];
  const send = (sentAt: number) =>
    new Promise<void>((resolve) => {
      const s = source();
      outstanding += 1;
      const done = () => {
        outstanding -= 1;
        resolve();
      };
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(s.body),
            'user-agent': USER_AGENT,
            'x-twilio-signature': s.signature,
          },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const code = String(res.statusCode);
            statusCodes[code] = (statusCodes[code] ?? 0) + 1;
            if (res.statusCode! >= 200 && res.statusCode! < 300) {
              answered2xx += 1;
              latencies.push(performance.now() - sentAt);
            }
            done();
          });
        },
      );
      req.on('timeout', () => {
        timeouts += 1;
        req.destroy();
      });
      req.on('error', () => {
        if (!stopping && !req.destroyed) errors += 1;
        done();
      });
      req.end(s.body);
    });
  // Each request is sent when due (timer resolution, about a millisecond); latency counts from the send.
  // A server that falls a second behind cannot meet the rate: the run stops there instead of queueing on.
  const start = performance.now() + 20;
  let lagMax = 0;
  let sent = 0;
  let behind = false;
  while (sent < count && !behind) {
    const now = performance.now();
    while (sent < count && start + (sent * 1000) / rate <= now) {
      if (outstanding > rate) {
        behind = true;
        break;
      }
      lagMax = Math.max(lagMax, now - (start + (sent * 1000) / rate));
      pending.push(send(performance.now()));
      sent += 1;
    }
    if (sent < count && !behind) await sleep(Math.max(0, start + (sent * 1000) / rate - performance.now()));
  }
  const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(3000).then(() => false)]);
  const elapsed = (performance.now() - start) / 1000;
  const unanswered = outstanding;
  stopping = true;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! : NaN);
  const non2xx = Object.entries(statusCodes).reduce((n, [code, k]) => (code.startsWith('2') ? n : n + k), 0);
  return {
    rps: answered2xx / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    answered2xx,
    total: answered2xx + non2xx,
    non2xx,
    errors,
    timeouts: timeouts + (drained ? 0 : unanswered),
    statusCodes,
    lagMaxMs: lagMax,
    fellBehind: behind ? `${count - sent} of ${count} requests not sent: more than ${rate} were waiting for an answer` : undefined,
  };
}

interface Run extends Load {
  scenario: 'status' | 'twiml';
  mode: 'max' | 'rate';
  server: 'ours' | 'bare' | 'lean';
  /** Statements the server sent per answered request (PostgreSQL: postgres.js' debug hook), without begin/commit, and begin/commit. */
  statements: number;
  transactionControl: number;
  round: number;
  cpuMsPerRequest: number;
  /** Rows written per answered request: audit rows (status) or calls (twiml). */
  written: number;
  problems: string[];
  valid: boolean;
  /** Fixed rate: the server answered at the rate asked for. */
  keptUp: boolean;
}

async function measure(
  scenario: Run['scenario'],
  mode: Run['mode'],
  server: Run['server'],
  round: number,
  port: number,
  source: () => Signed,
  seconds: number,
  exhausted: () => boolean = () => false,
): Promise<Run> {
  const before = await ask({ type: 'counts' }, 'counts');
  const cpuBefore = (await ask({ type: 'cpu' }, 'cpu')).micros;
  const pathname = scenario === 'status' ? STATUS_PATH : VOICE_PATH;
  const load =
    mode === 'max' ? await maxThroughput(port, pathname, source, seconds) : await fixedRate(port, pathname, source, RATE, seconds);
  const cpu = (await ask({ type: 'cpu' }, 'cpu')).micros - cpuBefore;
  // Requests cut off at the end of a run may still be finishing on the server.
  await sleep(300);
  const after = await ask({ type: 'counts' }, 'counts');
  const written = scenario === 'status' ? after.auditRows - before.auditRows : after.calls - before.calls;
  const sent = after.statements[server].all - before.statements[server].all;
  const control = after.statements[server].transactionControl - before.statements[server].transactionControl;
  const handled = Math.max(load.answered2xx, written);
  const problems: string[] = [];
  if (load.non2xx || load.errors || load.timeouts) {
    const codes = Object.entries(load.statusCodes)
      .map(([c, n]) => `${c}:${n}`)
      .join(' ');
    problems.push(`non-2xx ${load.non2xx}, errors ${load.errors}, timeouts ${load.timeouts}; status ${codes || 'none'}`);
  }
  if (load.answered2xx === 0) problems.push('no answers');
  if (written < load.answered2xx)
    problems.push(`${load.answered2xx} answered but only ${written} ${scenario === 'status' ? 'audit rows' : 'calls'} written`);
  if (exhausted()) problems.push('ran out of call legs (BENCH_CALL_LEGS): some callbacks were stale');
  if (load.fellBehind) problems.push(`could not keep up with ${RATE}/s: ${load.fellBehind}`);
  else if (mode === 'rate' && load.rps < RATE * 0.95) problems.push(`could not keep up with ${RATE}/s`);
  if (mode === 'rate' && (load.lagMaxMs ?? 0) > 20) problems.push(`the load generator sent up to ${fmt(load.lagMaxMs!, 0)} ms late`);
  return {
    ...load,
    scenario,
    mode,
    server,
    round,
    // Per request the server handled (rows written count the ones cut off at the end too).
    cpuMsPerRequest: load.answered2xx > 0 ? cpu / 1000 / Math.max(load.answered2xx, written) : NaN,
    written: load.answered2xx > 0 ? written / load.answered2xx : NaN,
    statements: handled > 0 && sent > 0 ? (sent - control) / handled : NaN,
    transactionControl: handled > 0 && sent > 0 ? control / handled : NaN,
    problems,
    // At a fixed rate, falling behind is a result (the target is not met), not a broken run.
    valid:
      problems.filter((p) => !p.startsWith('could not keep up') && !p.startsWith('the load generator')).length === 0 ||
      (!!load.fellBehind && !load.errors && !load.non2xx),
    keptUp: mode === 'max' || (!load.fellBehind && load.rps >= RATE * 0.95),
  };
}

function printRun(run: Run): void {
  const label = run.mode === 'max' ? (run.round === 0 ? 'warm-up' : `round ${run.round}`) : `${RATE}/s`;
  log(
    `  ${run.scenario.padEnd(6)} ${label.padEnd(8)} ${run.server.padEnd(4)} ${fmt(run.rps).padStart(6)} req/s  p50 ${fmt(run.p50, 1).padStart(6)} ms  p99 ${fmt(run.p99, 1).padStart(6)} ms  ` +
      `${String(run.answered2xx).padStart(6)} answered  ${fmt(run.written, 2)} written/req  server CPU ${fmt(run.cpuMsPerRequest, 2)} ms/req` +
      (Number.isFinite(run.statements)
        ? `  ${fmt(run.statements, 2)} statements/req (+${fmt(run.transactionControl, 2)} begin/commit)`
        : '') +
      (run.problems.length ? `  ${run.valid ? 'NOTE' : 'INVALID'}: ${run.problems.join('; ')}` : ''),
  );
}

// ---------------------------------------------------------------- checks

async function post(port: number, pathname: string, s: Signed): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT, 'x-twilio-signature': s.signature },
    body: s.body,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** One callback to each server (statements traced on PostgreSQL) and one voice webhook. */
async function check(
  target: TargetName,
  ready: Ready,
  status: StatusCallbacks,
  voice: VoiceCalls,
  scenarios: Set<Scenario>,
): Promise<{ fatal: string[]; notes: string[] }> {
  const fatal: string[] = [];
  const notes: string[] = [];
  if (scenarios.has('status')) {
    const before = await ask({ type: 'counts' }, 'counts');
    child!.send({ type: 'trace', on: true } satisfies TelephonyParentMessage);
    const ours = await post(ready.oursPort, STATUS_PATH, status.next());
    const bare = await post(ready.barePort, STATUS_PATH, status.next());
    const lean = await post(ready.leanPort, STATUS_PATH, status.next());
    const trace = await ask({ type: 'trace', on: false }, 'trace');
    const after = await ask({ type: 'counts' }, 'counts');
    if (ours.status !== 204) fatal.push(`ours answered the status callback ${ours.status}: ${ours.body.slice(0, 300)}`);
    if (bare.status !== 204) fatal.push(`bare answered the status callback ${bare.status}: ${bare.body.slice(0, 300)}`);
    if (lean.status !== 204) fatal.push(`lean answered the status callback ${lean.status}: ${lean.body.slice(0, 300)}`);
    if (after.auditRows - before.auditRows !== 3 || after.unsealedRows - before.unsealedRows !== 3) {
      fatal.push(
        `three callbacks wrote ${after.auditRows - before.auditRows} audit rows and ${after.unsealedRows - before.unsealedRows} unsealed rows (expected 3 and 3)`,
      );
    }
    if (fatal.length === 0)
      log('  check: ours, bare and lean answer 204 to a signed status callback, and each wrote its audit row and unsealed row');
    if (target === 'postgres') {
      const differences = MIRROR ? compareStatements(trace.ours, trace.bare) : [];
      if (MIRROR && differences.length === 0)
        log(`  check: ours and bare send the same ${trace.ours.length} statements for a status callback`);
      for (const d of differences) {
        log(`  SQL DIFFERENCE: ${d}`);
        notes.push(`status SQL difference: ${d}`);
      }
      if (process.env.BENCH_PRINT_SQL) {
        for (const [name, list] of [
          ['ours', trace.ours],
          ['lean', trace.lean],
        ] as const) {
          log(`  ${name}, first callback of a leg:`);
          for (const s of list) log(`    ${s.slice(0, 240)}`);
        }
      }
    }
  }
  if (scenarios.has('twiml')) {
    const r = await post(ready.oursPort, VOICE_PATH, voice.next());
    if (r.status !== 200 || !r.type.includes('xml') || !r.body.includes('<Dial') || !r.body.includes('<Client')) {
      fatal.push(`the voice webhook answered ${r.status} ${r.type}: ${r.body.slice(0, 300)}`);
    } else {
      log('  check: the voice webhook answers 200 with TwiML that dials the agent');
    }
  }
  return { fatal, notes };
}

/** postgres.js' own one-time query on a new connection (array types), not part of a request. */
const DRIVER_SETUP = /^select b\.oid, b\.typarray from pg_catalog\.pg_type/;

function compareStatements(oursAll: string[], bareAll: string[]): string[] {
  const ours = oursAll.filter((s) => !DRIVER_SETUP.test(s));
  const bare = bareAll.filter((s) => !DRIVER_SETUP.test(s));
  const out: string[] = [];
  const n = Math.max(ours.length, bare.length);
  for (let i = 0; i < n; i++) {
    if (ours[i] === bare[i]) continue;
    out.push(`statement ${i + 1}: ours "${(ours[i] ?? '(none)').slice(0, 160)}" / bare "${(bare[i] ?? '(none)').slice(0, 160)}"`);
    if (out.length >= 5) break;
  }
  if (ours.length !== bare.length) out.push(`ours sent ${ours.length} statements, bare ${bare.length}`);
  return out;
}

// ---------------------------------------------------------------- one target

interface TargetResult {
  target: TargetName;
  skipped?: string;
  runs: Run[];
  notes: string[];
}

async function benchTarget(target: TargetName, scenarios: Set<Scenario>, samples: Samples): Promise<TargetResult> {
  const result: TargetResult = { target, runs: [], notes: [] };
  log(`\n=== telephony: ${target} ${'='.repeat(48 - target.length)}`);
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
    const legs = ready.legs.reduce((n, l) => n + l.length, 0);
    log(
      `  seeded through the API: ${new Set(ready.workspaces.map((w) => w.organizationId)).size} organizations, ${ready.workspaces.length} workspaces ` +
        `(Twilio account, number, agent, one click-to-call each), then ${legs} call legs copied in SQL (${fmt(ready.seedSeconds, 1)} s); ` +
        `servers up after ${fmt((Date.now() - started) / 1000, 1)} s; PUBLIC_BASE_URL ${ready.publicBaseUrl}`,
    );
    for (const note of ready.notes) {
      result.notes.push(note);
      log(`  note: ${note}`);
    }
    const status = new StatusCallbacks(ready, samples);
    const voice = new VoiceCalls(ready, samples);
    const checked = await check(target, ready, status, voice, scenarios);
    for (const f of checked.fatal) log(`  CHECK FAILED: ${f}`);
    if (checked.fatal.length > 0) {
      result.skipped = `checks failed: ${checked.fatal.join('; ')}`;
      return result;
    }
    result.notes.push(...checked.notes);
    const ports = { ours: ready.oursPort, bare: ready.barePort, lean: ready.leanPort };
    const push = (run: Run) => {
      result.runs.push(run);
      printRun(run);
    };
    const settle = async () => {
      let busy = await machineBusy(1000);
      for (let waited = 1; busy > IDLE_BELOW && waited < 5; waited++) busy = await machineBusy(1000);
      log(
        `  machine: ${fmt(busy * 100)}% of ${os.cpus().length} CPUs busy with other work before the measurement${busy > IDLE_BELOW ? ' (figures will be noisy)' : ''}`,
      );
      if (busy > IDLE_BELOW) {
        result.notes.push(`${fmt(busy * 100)}% of the CPUs were busy with other work before a measurement`);
      }
    };
    // Enough signed callbacks for a run at the rate seen so far, with room to spare.
    const rateSeen: Record<string, number> = {};
    const prepareFor = (key: string, seconds: number, source: StatusCallbacks | VoiceCalls) =>
      source.prepare(Math.ceil((rateSeen[key] ?? 2500) * seconds * 1.3) + 4 * CONNECTIONS);

    if (scenarios.has('status')) {
      log(
        `  status callbacks: warm-up ${WARMUP} s each, ${ROUNDS} rounds of ${DURATION} s at ${CONNECTIONS} connections interleaved, then ${RATE}/s for ${RATE_DURATION} s each`,
      );
      const statusRun = async (mode: Run['mode'], server: Run['server'], round: number, seconds: number) => {
        prepareFor(`status-${server}`, seconds, status);
        const run = await measure(
          'status',
          mode,
          server,
          round,
          ports[server],
          () => status.next(),
          seconds,
          () => status.exhausted,
        );
        if (mode === 'max') rateSeen[`status-${server}`] = Math.max(rateSeen[`status-${server}`] ?? 0, run.rps);
        return run;
      };
      for (const server of STATUS_SERVERS) {
        const warm = await statusRun('max', server, 0, WARMUP);
        if (!warm.valid) printRun(warm);
      }
      await settle();
      for (let round = 1; round <= ROUNDS; round++) {
        for (const server of STATUS_SERVERS) {
          await sleep(500);
          push(await statusRun('max', server, round, DURATION));
        }
      }
      for (const server of STATUS_SERVERS) {
        await sleep(500);
        push(await statusRun('rate', server, 0, RATE_DURATION));
      }
      log(`  (${status.remaining} of ${status.total} callbacks left unused)`);
    }
    if (scenarios.has('twiml')) {
      log(
        `  TwiML voice webhook (ours only): warm-up ${WARMUP} s, ${DURATION} s at ${CONNECTIONS} connections, then ${RATE}/s for ${RATE_DURATION} s`,
      );
      const voiceRun = async (mode: Run['mode'], round: number, seconds: number) => {
        prepareFor('twiml', seconds, voice);
        const run = await measure('twiml', mode, 'ours', round, ports.ours, () => voice.next(), seconds);
        if (mode === 'max') rateSeen.twiml = Math.max(rateSeen.twiml ?? 0, run.rps);
        return run;
      };
      const warm = await voiceRun('max', 0, WARMUP);
      if (!warm.valid) printRun(warm);
      await sleep(500);
      push(await voiceRun('max', 1, DURATION));
      await sleep(500);
      push(await voiceRun('rate', 0, RATE_DURATION));
    }
    return result;
  } finally {
    await stopChild();
    await dropFreshDatabase?.();
  }
}

// ---------------------------------------------------------------- summary

/** bench/run.ts' audit-list results, as far as the summary needs them. */
export interface AuditListResults {
  results: {
    target: string;
    skipped?: string;
    runs: { server: 'ours' | 'bare'; rps: number; p50: number; p99: number; cpuMsPerRequest: number; valid: boolean }[];
  }[];
  targets: { ratio: number; p99Ms: number };
  connections: number;
}

type Figures = { rps: number; p50: number; p99: number; cpu: number; statements: number; control: number; n: number };

interface Row {
  scenario: string;
  target: string;
  ours: Figures;
  lean: Figures | null;
  bare: Figures | null;
  total: number;
  /** Every fixed-rate run of ours answered at the rate. */
  keptUp: boolean;
}

function of(
  runs: {
    server: string;
    rps: number;
    p50: number;
    p99: number;
    cpuMsPerRequest: number;
    valid: boolean;
    statements?: number;
    transactionControl?: number;
  }[],
  server: string,
): Figures {
  const valid = runs.filter((r) => r.server === server && r.valid);
  return {
    rps: median(valid.map((r) => r.rps)),
    p50: median(valid.map((r) => r.p50)),
    p99: median(valid.map((r) => r.p99)),
    cpu: median(valid.map((r) => r.cpuMsPerRequest)),
    statements: median(valid.map((r) => r.statements ?? NaN).filter(Number.isFinite)),
    control: median(valid.map((r) => r.transactionControl ?? NaN).filter(Number.isFinite)),
    n: valid.length,
  };
}

function printSummary(results: TargetResult[], audit: AuditListResults | null): void {
  log('\n=== summary: webhooks (and the audit list) — medians of valid runs ==========');
  log(
    `  node ${process.version}, ${os.cpus().length} CPUs shared by load generator, servers and database; max = ${CONNECTIONS} connections, closed loop; ${RATE}/s = open loop, evenly spaced`,
  );
  log(
    '  lean = bench/telephony-lean.ts (hand-written Fastify + postgres.js, same effects); bare = the mirror of our statements (BENCH_MIRROR=1)',
  );
  const rows: Row[] = [];
  const skipped: string[] = [];
  for (const r of audit?.results ?? []) {
    if (r.skipped) continue;
    rows.push({
      scenario: `audit list, max (${audit!.connections} conn)`,
      target: r.target,
      ours: of(r.runs, 'ours'),
      lean: null,
      bare: of(r.runs, 'bare'),
      total: r.runs.length,
      keptUp: true,
    });
  }
  for (const r of results) {
    if (r.skipped) {
      skipped.push(`${r.target}: skipped: ${r.skipped}`);
      continue;
    }
    for (const [scenario, mode, label] of [
      ['status', 'max', `status callback, max`],
      ['status', 'rate', `status callback, ${RATE}/s`],
      ['twiml', 'max', `TwiML voice, max`],
      ['twiml', 'rate', `TwiML voice, ${RATE}/s`],
    ] as const) {
      const runs = r.runs.filter((x) => x.scenario === scenario && x.mode === mode);
      if (runs.length === 0) continue;
      const bare = scenario === 'status' && MIRROR ? of(runs, 'bare') : null;
      rows.push({
        scenario: label,
        target: r.target,
        ours: of(runs, 'ours'),
        lean: scenario === 'status' ? of(runs, 'lean') : null,
        bare,
        total: runs.length,
        keptUp: runs.filter((x) => x.server === 'ours').every((x) => x.keptUp),
      });
    }
  }
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  const header = [
    'scenario',
    'target',
    'ours req/s',
    'ours p50',
    'ours p99',
    'ours stmts',
    'lean req/s',
    'lean p99',
    'ours/lean',
    'CPU ms/req ours|lean',
    'mirror req/s|p99|CPU',
    'valid runs',
  ];
  const cells = rows.map((x) => {
    const base = x.lean ?? x.bare;
    const rate = x.scenario.endsWith('/s');
    return [
      x.scenario,
      x.target,
      fmt(x.ours.rps),
      ms(x.ours.p50),
      ms(x.ours.p99),
      Number.isFinite(x.ours.statements) ? `${fmt(x.ours.statements, 2)} (+${fmt(x.ours.control, 1)})` : '',
      base ? fmt(base.rps) : '',
      base ? ms(base.p99) : '',
      base && !rate ? fmt(x.ours.rps / base.rps, 2) : base ? `p99 ${fmt(x.ours.p99 / base.p99, 1)}x` : '',
      base ? `${fmt(x.ours.cpu, 2)} | ${fmt(base.cpu, 2)} (${fmt(x.ours.cpu / base.cpu, 1)}x)` : fmt(x.ours.cpu, 2),
      x.lean && x.bare ? `${fmt(x.bare.rps)} | ${ms(x.bare.p99)} | ${fmt(x.bare.cpu, 2)}` : '',
      `${x.ours.n + (x.lean?.n ?? 0) + (x.bare?.n ?? 0)}/${x.total}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `  ${c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')}`;
  log(line(header));
  for (const c of cells) log(line(c));
  for (const s of skipped) log(`  ${s}`);
  log('  (ours stmts: statements per request without begin/commit, and in brackets begin/commit; PostgreSQL only)');

  log('\n  issue targets, on PostgreSQL (against the lean baseline, same run):');
  const pg = (scenario: string) => rows.find((x) => x.target === 'postgres' && x.scenario === scenario);
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const behind = (x: Row) => (x.keptUp ? '' : `, could not keep up with ${RATE}/s`);
  const lines: [string, Row | undefined, (x: Row) => string][] = [];
  if (audit) {
    lines.push([
      `audit list: ours/bare >= ${audit.targets.ratio}, ours p99 < ${audit.targets.p99Ms} ms at ${audit.connections} connections`,
      pg(`audit list, max (${audit.connections} conn)`),
      (x) =>
        `ratio ${fmt(x.ours.rps / x.bare!.rps, 2)}: ${verdict(x.ours.rps / x.bare!.rps >= audit.targets.ratio)}; p99 ${fmt(x.ours.p99, 1)} ms: ${verdict(x.ours.p99 < audit.targets.p99Ms)}`,
    ]);
  }
  lines.push(
    [
      `status callbacks: ours/lean req/s >= ${TARGETS.statusRatio}`,
      pg('status callback, max'),
      (x) =>
        `${fmt(x.ours.rps)} / ${fmt(x.lean!.rps)} = ${fmt(x.ours.rps / x.lean!.rps, 2)}: ${verdict(x.ours.rps / x.lean!.rps >= TARGETS.statusRatio)}`,
    ],
    [
      `status callbacks: CPU per request ours/lean <= ${TARGETS.statusCpuRatio}`,
      pg('status callback, max'),
      (x) =>
        `${fmt(x.ours.cpu, 2)} / ${fmt(x.lean!.cpu, 2)} ms = ${fmt(x.ours.cpu / x.lean!.cpu, 2)}: ${verdict(x.ours.cpu / x.lean!.cpu <= TARGETS.statusCpuRatio)}`,
    ],
    [
      `status callbacks: ours p99 <= ${TARGETS.statusP99Ratio}x lean p99 at ${RATE}/s`,
      pg(`status callback, ${RATE}/s`),
      (x) =>
        `${fmt(x.ours.p99, 1)} / ${fmt(x.lean!.p99, 1)} ms = ${fmt(x.ours.p99 / x.lean!.p99, 2)}x${behind(x)}: ${verdict(x.keptUp && x.ours.p99 <= TARGETS.statusP99Ratio * x.lean!.p99)}`,
    ],
    [
      `status callbacks: at most ${TARGETS.statementsPerCallback} statements (begin/commit aside)`,
      pg(`status callback, ${RATE}/s`),
      (x) =>
        `${fmt(x.ours.statements, 2)} (+${fmt(x.ours.control, 1)} begin/commit; lean ${fmt(x.lean!.statements, 2)}): ${verdict(x.ours.statements <= TARGETS.statementsPerCallback)}`,
    ],
    [
      `TwiML: ours p99 < ${TARGETS.twimlP99Ms} ms at ${RATE} requests/s`,
      pg(`TwiML voice, ${RATE}/s`),
      (x) =>
        `p99 ${fmt(x.ours.p99, 1)} ms, ${fmt(x.ours.statements, 2)} statements (+${fmt(x.ours.control, 1)})${behind(x)}: ${verdict(x.keptUp && x.ours.p99 < TARGETS.twimlP99Ms)}`,
    ],
  );
  for (const [what, row, judge] of lines) {
    const measured = row && row.ours.n > 0 && (!row.lean || row.lean.n > 0) && (!row.bare || row.bare.n > 0);
    log(`    ${what.padEnd(66)} ${measured ? judge(row) : 'not measured (no valid PostgreSQL runs)'}`);
  }
  if (RATE !== 200) log(`    (measured at ${RATE} requests/s, not the 200 the targets name)`);
  const notes = results.flatMap((r) => r.notes.map((n) => `${r.target}: ${n}`));
  notes.push(
    'the lean baseline runs as the database owner (no row-level security switch: every statement is scoped by organization_id), keeps nothing between requests, ' +
      'and skips what the benchmark never sends (unknown legs, parent legs, agents); it shares the server process with ours (and so the async hooks of nestjs-cls)',
  );
  log('\n  notes:');
  for (const n of notes) log(`    ${n}`);
}

// ---------------------------------------------------------------- entry

/** Runs the status and TwiML scenarios requested on each target, then prints the summary (with the audit list's figures when given). */
export async function runTelephonyBench(targets: TargetName[], scenarios: Set<Scenario>, audit: AuditListResults | null): Promise<void> {
  if (!scenarios.has('status') && !scenarios.has('twiml')) return;
  const samples = loadSamples();
  const perTarget =
    (scenarios.has('status') ? STATUS_SERVERS.length * (WARMUP + ROUNDS * (DURATION + 0.8) + RATE_DURATION + 0.8) : 0) +
    (scenarios.has('twiml') ? WARMUP + DURATION + RATE_DURATION + 2 : 0);
  log(
    `\nSwitchboard benchmark: Twilio webhooks (${[...scenarios].filter((s) => s !== 'audit').join(', ')}), ours (NestJS) vs lean (hand-written Fastify + postgres.js)${MIRROR ? ' and bare (our SQL mirrored)' : ''}`,
  );
  log(`targets ${targets.join(', ')}; about ${Math.round(perTarget)} s of load per target plus seeding; gives up after ${TIMEOUT_S} s`);
  const onSignal = () => {
    child?.kill('SIGKILL');
    void dropFreshDatabase?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const watchdog = setTimeout(() => {
    log(`\nGiving up: the telephony scenarios took more than ${TIMEOUT_S} s (BENCH_TELEPHONY_TIMEOUT).`);
    child?.kill('SIGKILL');
    void Promise.resolve(dropFreshDatabase?.()).finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();
  const results: TargetResult[] = [];
  for (const target of targets) {
    try {
      results.push(await benchTarget(target, scenarios, samples));
    } catch (error) {
      log(`  ${target} failed: ${(error as Error).stack ?? String(error)}`);
      results.push({ target, skipped: `failed: ${(error as Error).message}`, runs: [], notes: [] });
    }
  }
  clearTimeout(watchdog);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  printSummary(results, audit);
}
