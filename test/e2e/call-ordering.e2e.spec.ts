import { callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Twilio's status callbacks arrive late, twice, and out of order. For many calls (a parent
 * leg and an agent's child leg each), the same callbacks are delivered once in order and once
 * shuffled with duplicates, interleaved across calls: both copies must end identical, equal
 * to what the callbacks say (the highest SequenceNumber wins), a terminal status never goes
 * back, and a duplicate never writes a second audit row.
 */

// Some hundreds of webhooks per copy: slower than the default timeout allows on a busy machine.
jest.setTimeout(180_000);

const CALLS = 30;
/** How many of them also get the concurrent delivery. */
const CONCURRENT_CALLS = 10;
const SEED = 0x5eed_2026;
const TERMINAL = new Set(['completed', 'busy', 'no_answer', 'failed', 'canceled']);

/** mulberry32: a small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** RFC 2822, as Twilio writes Timestamp. */
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type LegOutcome = 'completed' | 'busy' | 'no-answer';

interface Event {
  status: string;
  sequence: number;
  atMs: number;
  duration?: number;
}

/** One leg's callbacks, as Twilio would send them (without the CallSids, which differ per copy). */
interface LegScript {
  events: Event[];
}

interface Scenario {
  parent: LegScript;
  agent: LegScript;
  outcome: LegOutcome;
}

function scenarios(random: () => number): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = Date.UTC(2025, 0, 15, 9, 0, 0) + i * 3_600_000 + Math.floor(random() * 600) * 1000;
    const r = random();
    const outcome: LegOutcome = i % 10 === 3 || r < 0.1 ? 'busy' : i % 10 === 7 || r > 0.9 ? 'no-answer' : 'completed';
    const ringFor = 2 + Math.floor(random() * 20);
    const talkFor = 5 + Math.floor(random() * 600);
    const agentStart = t0 + 2_000;
    const agent: Event[] = [
      { status: 'initiated', sequence: 0, atMs: agentStart },
      { status: 'ringing', sequence: 1, atMs: agentStart + 1_000 },
    ];
    let parentEnd: number;
    if (outcome === 'completed') {
      const answered = agentStart + 1_000 + ringFor * 1_000;
      const ended = answered + talkFor * 1_000;
      agent.push(
        { status: 'in-progress', sequence: 2, atMs: answered },
        { status: 'completed', sequence: 3, atMs: ended, duration: talkFor },
      );
      parentEnd = ended + Math.floor(random() * 3) * 1_000;
    } else {
      const ended = agentStart + 1_000 + ringFor * 1_000;
      agent.push({ status: outcome, sequence: 2, atMs: ended, duration: 0 });
      // The caller leaves a voicemail, then hangs up.
      parentEnd = ended + (10 + Math.floor(random() * 60)) * 1_000;
    }
    const parentAnswered = t0 + 1_000;
    const parent: Event[] = [
      { status: 'initiated', sequence: 0, atMs: t0 },
      { status: 'ringing', sequence: 1, atMs: t0 + 500 },
      { status: 'in-progress', sequence: 2, atMs: parentAnswered },
      { status: 'completed', sequence: 3, atMs: parentEnd, duration: Math.round((parentEnd - parentAnswered) / 1000) },
    ];
    out.push({ parent: { events: parent }, agent: { events: agent }, outcome });
  }
  return out;
}

interface LegState {
  status: string;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
}

/** What a leg must end as, read off its callbacks: the highest SequenceNumber decides the status. */
function expected(leg: LegScript): LegState {
  const bySequence = [...leg.events].sort((x, y) => x.sequence - y.sequence);
  const last = bySequence[bySequence.length - 1]!;
  const status = last.status.replace(/-/g, '_');
  const started = Math.min(...leg.events.filter((e) => e.status === 'initiated' || e.status === 'ringing').map((e) => e.atMs));
  const answered = leg.events.find((e) => e.status === 'in-progress')?.atMs ?? null;
  const terminal = leg.events.find((e) => TERMINAL.has(e.status.replace(/-/g, '_')));
  return {
    status,
    startedAt: iso(started),
    answeredAt: iso(answered),
    endedAt: iso(terminal?.atMs ?? null),
    durationSeconds: terminal?.duration ?? null,
  };
}

interface Callback {
  leg: string;
  params: Record<string, string>;
}

interface Copy {
  parentSid: string;
  agentSid: string;
  scenario: Scenario;
}

const asIso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());

describe('status callbacks out of order', () => {
  let t: TestApp;
  let w: TelephonyWorkspace;
  const random = prng(SEED);
  const plan = scenarios(random);
  const ordered: Copy[] = [];
  const shuffled: Copy[] = [];
  /** A third copy, shuffled and duplicated too, with several callbacks in flight at once (Twilio does not wait). */
  const concurrent: Copy[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    w = await telephonyWorkspace(t, { number: '+14155552001' });
    for (const scenario of plan) {
      for (const copies of concurrent.length < CONCURRENT_CALLS ? [ordered, shuffled, concurrent] : [ordered, shuffled]) {
        const parentSid = callSid();
        const r = await twilioPost(t, '/webhooks/twilio/voice', inboundParams(parentSid), w.authToken);
        expect(r.statusCode).toBe(200);
        copies.push({ parentSid, agentSid: callSid(), scenario });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  function inboundParams(sid: string) {
    return { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: sid };
  }

  function callbacks(copy: Copy): Callback[] {
    const common = { ...samples.status_callbacks_outbound_api_call._common, AccountSid: w.accountSid };
    const parentBase = { ...common, CallSid: copy.parentSid, From: '+12065550123', To: w.number, Called: w.number, Direction: 'inbound' };
    const agentBase = {
      ...common,
      CallSid: copy.agentSid,
      ParentCallSid: copy.parentSid,
      From: '+12065550123',
      To: `client:${w.identity}`,
      Called: `client:${w.identity}`,
      Direction: 'outbound-dial',
    };
    const toParams = (base: Record<string, string>, e: Event) => ({
      ...base,
      CallStatus: e.status,
      SequenceNumber: String(e.sequence),
      Timestamp: rfc2822(e.atMs),
      ...(e.duration !== undefined ? { CallDuration: String(e.duration), Duration: String(Math.ceil(e.duration / 60)) } : {}),
    });
    return [
      ...copy.scenario.parent.events.map((e) => ({ leg: copy.parentSid, params: toParams(parentBase, e) })),
      ...copy.scenario.agent.events.map((e) => ({ leg: copy.agentSid, params: toParams(agentBase, e) })),
    ];
  }

  async function leg(sid: string): Promise<LegState & { id: string }> {
    const [row] = await t.rows('select id, status, started_at, answered_at, ended_at, duration_seconds from calls where call_sid = $1', [
      sid,
    ]);
    expect(row).toBeDefined();
    return {
      id: String(row!.id),
      status: String(row!.status),
      startedAt: asIso(row!.started_at),
      answeredAt: asIso(row!.answered_at),
      endedAt: asIso(row!.ended_at),
      durationSeconds: row!.duration_seconds === null ? null : Number(row!.duration_seconds),
    };
  }

  /** Sends one callback, then checks that a leg once terminal kept its status and end. */
  const terminal = new Map<string, { status: string; endedAt: string | null }>();
  async function deliver(cb: Callback): Promise<void> {
    const r = await twilioPost(t, '/webhooks/twilio/status', cb.params, w.authToken);
    expect(r.statusCode).toBe(204);
    const now = await leg(cb.leg);
    const was = terminal.get(cb.leg);
    if (was) expect({ leg: cb.leg, status: now.status, endedAt: now.endedAt }).toEqual({ leg: cb.leg, ...was });
    else if (TERMINAL.has(now.status)) terminal.set(cb.leg, { status: now.status, endedAt: now.endedAt });
  }

  it('has failures among the calls, to cover busy and no-answer', () => {
    expect(plan.filter((s) => s.outcome === 'busy').length).toBeGreaterThanOrEqual(3);
    expect(plan.filter((s) => s.outcome === 'no-answer').length).toBeGreaterThanOrEqual(3);
  });

  it('delivers every callback in order to one copy of the calls', async () => {
    const all = ordered
      .flatMap(callbacks)
      .sort(
        (x, y) =>
          Date.parse(x.params.Timestamp!) - Date.parse(y.params.Timestamp!) ||
          Number(x.params.SequenceNumber) - Number(y.params.SequenceNumber),
      );
    for (const cb of all) await deliver(cb);
  });

  /** Every callback of the copies, some twice or three times, shuffled across calls. */
  function shuffledWithDuplicates(copies: Copy[]): Callback[] {
    const all = copies.flatMap(callbacks);
    const extra = all.filter(() => random() < 0.35);
    const again = extra.filter(() => random() < 0.3);
    return shuffle([...all, ...extra, ...again], random);
  }

  it('delivers the same callbacks shuffled across calls, some of them twice or three times, to the other copy', async () => {
    const all = shuffled.flatMap(callbacks);
    const deliveries = shuffledWithDuplicates(shuffled);
    expect(deliveries.length).toBeGreaterThan(all.length + CALLS / 2);
    // Far from in order: most callbacks come before one of their leg's earlier ones.
    let outOfOrder = 0;
    const seen = new Map<string, number>();
    for (const d of deliveries) {
      const s = Number(d.params.SequenceNumber);
      if ((seen.get(d.leg) ?? -1) > s) outOfOrder++;
      seen.set(d.leg, Math.max(seen.get(d.leg) ?? -1, s));
    }
    expect(outOfOrder).toBeGreaterThan(deliveries.length / 5);
    for (const cb of deliveries) await deliver(cb);
  });

  it('delivers them shuffled and duplicated to a third copy, six at a time', async () => {
    const queue = shuffledWithDuplicates(concurrent);
    const worker = async () => {
      for (let cb = queue.shift(); cb; cb = queue.shift()) await deliver(cb);
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  });

  it('ends every leg of every copy as its callbacks say, whatever the order', async () => {
    for (let i = 0; i < plan.length; i++) {
      const s = plan[i]!;
      const o = ordered[i]!;
      const x = shuffled[i]!;
      const { id: _po, ...orderedParent } = await leg(o.parentSid);
      const { id: _ps, ...shuffledParent } = await leg(x.parentSid);
      const { id: _ao, ...orderedAgent } = await leg(o.agentSid);
      const { id: _as, ...shuffledAgent } = await leg(x.agentSid);
      expect({ call: i, parent: orderedParent, agent: orderedAgent }).toEqual({
        call: i,
        parent: expected(s.parent),
        agent: expected(s.agent),
      });
      expect({ call: i, parent: shuffledParent, agent: shuffledAgent }).toEqual({ call: i, parent: orderedParent, agent: orderedAgent });
      if (i >= concurrent.length) continue;
      const { id: _pc, ...concurrentParent } = await leg(concurrent[i]!.parentSid);
      const { id: _ac, ...concurrentAgent } = await leg(concurrent[i]!.agentSid);
      expect({ call: i, parent: concurrentParent, agent: concurrentAgent }).toEqual({
        call: i,
        parent: orderedParent,
        agent: orderedAgent,
      });
    }
  });

  it('joins the agent to the call the same way, whatever the order', async () => {
    const detail = async (sid: string) => {
      const { id } = await leg(sid);
      const r = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${id}`, { apiKey: w.apiKey });
      expect(r.statusCode).toBe(200);
      const d = r.json();
      return {
        status: d.status,
        answeredByUserId: d.answeredByUserId,
        legs: d.legs.map((l: Record<string, unknown>) => ({ status: l.status, answeredAt: l.answeredAt, endedAt: l.endedAt })),
        participants: d.participants
          // The caller joins when the voice webhook opens the call (a different moment for each copy); the agent when their leg answers.
          .map((p: Record<string, unknown>) => ({
            kind: p.kind,
            role: p.role,
            userId: p.userId,
            address: p.address,
            joinedAt: p.kind === 'agent' ? p.joinedAt : 'at open',
            leftAt: p.leftAt,
          }))
          .sort((p: { kind: string }, q: { kind: string }) => p.kind.localeCompare(q.kind)),
      };
    };
    for (let i = 0; i < plan.length; i++) {
      const s = plan[i]!;
      const inOrder = await detail(ordered[i]!.parentSid);
      expect({ call: i, answeredBy: inOrder.answeredByUserId }).toEqual({
        call: i,
        answeredBy: s.outcome === 'completed' ? w.agent.id : null,
      });
      expect({ call: i, ...(await detail(shuffled[i]!.parentSid)) }).toEqual({ call: i, ...inOrder });
      if (i < concurrent.length) expect({ call: i, ...(await detail(concurrent[i]!.parentSid)) }).toEqual({ call: i, ...inOrder });
    }
  });

  it('writes one call.started, at most one call.answered and one terminal audit row per leg, duplicates or not', async () => {
    const counts = async (sid: string) => {
      const { id } = await leg(sid);
      const rows = await t.rows(
        `select action, count(*)::int as n from audit_logs where organization_id = $1 and resource_type = 'call' and resource_id = $2 and action like 'call.%' group by action`,
        [w.orgId, id],
      );
      return Object.fromEntries(rows.map((r) => [String(r.action), Number(r.n)]));
    };
    for (const copies of [ordered, shuffled, concurrent]) {
      for (let i = 0; i < copies.length; i++) {
        const c = copies[i]!;
        for (const [sid, kind, outcome] of [
          [c.parentSid, 'parent', 'completed'],
          [c.agentSid, 'agent', c.scenario.outcome],
        ] as const) {
          const n = await counts(sid);
          const summary = {
            call: i,
            kind,
            started: n['call.started'] ?? 0,
            answeredAtMostOnce: (n['call.answered'] ?? 0) <= 1,
            completed: n['call.completed'] ?? 0,
            failed: n['call.failed'] ?? 0,
          };
          expect(summary).toEqual({
            call: i,
            kind,
            started: 1,
            answeredAtMostOnce: true,
            completed: outcome === 'completed' ? 1 : 0,
            failed: outcome === 'completed' ? 0 : 1,
          });
        }
      }
    }
  });

  it('changes nothing at all when a stale ringing comes last, with a later Timestamp but a lower SequenceNumber', async () => {
    const snapshot = async () => {
      const tables = await t.rows(`select tablename from pg_tables where schemaname = 'public' order by 1`);
      const out: Record<string, string> = {};
      for (const { tablename } of tables) {
        const [row] = await t.rows(
          `select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from public."${String(tablename)}" x`,
        );
        out[String(tablename)] = `${row!.n}:${row!.h}`;
      }
      return out;
    };
    const before = await snapshot();
    const states = new Map<string, LegState>();
    for (const c of [...ordered, ...shuffled, ...concurrent]) {
      for (const cb of callbacks(c)) {
        if (cb.params.CallStatus !== 'ringing') continue;
        if (!states.has(cb.leg)) states.set(cb.leg, await leg(cb.leg));
        const late = Date.parse(cb.params.Timestamp!) + 86_400_000;
        const r = await twilioPost(t, '/webhooks/twilio/status', { ...cb.params, Timestamp: rfc2822(late) }, w.authToken);
        expect(r.statusCode).toBe(204);
      }
    }
    for (const [sid, state] of states) expect(await leg(sid)).toEqual(state);
    expect(await snapshot()).toEqual(before);
  });
});
