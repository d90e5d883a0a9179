import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { AnalysisStatus, Priority } from '@domain/analysis/analysis-status';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

const RANK: Record<Priority, number> = { high: 3, medium: 2, low: 1 };

interface Org {
  orgId: string;
  owner: TestUser;
  apiKey: string;
  base: string;
}

describe('review queue: claims, assignments and reviewer loads', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function organization(): Promise<Org> {
    const { orgId, owner, apiKey } = await t.organization();
    return { orgId, owner, apiKey, base: `/v1/organizations/${orgId}` };
  }

  async function member(org: Org, role: 'admin' | 'reviewer' | 'agent' | 'member'): Promise<TestUser> {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    const added = await t.request('POST', `${org.base}/members`, { apiKey: org.apiKey }, { userId: user.id, role });
    if (added.statusCode !== 201) throw new Error(`add member: ${added.statusCode} ${added.body}`);
    return user;
  }

  /** Analyses written straight into the table, in the given state; returns their ids in order. */
  async function insert(org: Org, items: { priority?: Priority | null; createdAt?: Date; status?: AnalysisStatus }[]): Promise<string[]> {
    const ids: string[] = [];
    for (const item of items) {
      const id = randomUUID();
      const priority = item.priority === undefined ? 'medium' : item.priority;
      const status = item.status ?? 'needs_review';
      await t.rows(
        `insert into analyses (organization_id, id, source, status, priority, priority_rank, error_reason, metrics, created_at, needs_review_at)
         values ($1, $2, 'upload', $3, $4, $5, $6, $7::jsonb, $8, $9)`,
        [
          org.orgId,
          id,
          status,
          priority,
          priority ? RANK[priority] : 0,
          status === 'error' ? 'transcription failed' : null,
          '{"plays":0,"audioPlayedPercentage":0,"timeSpentSeconds":0}',
          (item.createdAt ?? new Date()).toISOString(),
          status === 'needs_review' ? new Date().toISOString() : null,
        ],
      );
      ids.push(id);
    }
    return ids;
  }

  const claim = (org: Org, user: TestUser) => t.request('POST', `${org.base}/review-queue/claim`, { token: user.token });
  const assign = (org: Org, id: string, reviewerId?: string, as: { token: string } | { apiKey: string } = { apiKey: org.apiKey }) =>
    t.request('POST', `${org.base}/analyses/${id}/assign`, as, reviewerId ? { reviewerId } : {});
  const release = (org: Org, id: string, as: { token: string } | { apiKey: string }) =>
    t.request('POST', `${org.base}/analyses/${id}/release`, as);
  const review = (org: Org, id: string, as: { token: string } | { apiKey: string }, decision: 'cleared' | 'escalated', notes?: string) =>
    t.request('POST', `${org.base}/analyses/${id}/review`, as, { decision, ...(notes ? { notes } : {}) });
  const get = async (org: Org, id: string) => (await t.request('GET', `${org.base}/analyses/${id}`, { apiKey: org.apiKey })).json();

  /** reviewer_loads, by user (only rows that exist). */
  async function loads(org: Org): Promise<Record<string, number>> {
    const rows = await t.rows('select user_id, open_assignments from reviewer_loads where organization_id = $1', [org.orgId]);
    return Object.fromEntries(rows.map((r) => [r.user_id as string, Number(r.open_assignments)]));
  }
  const loadOf = async (org: Org, user: TestUser) => (await loads(org))[user.id] ?? 0;

  /** Every reviewer's open_assignments equals the number of in_review analyses assigned to them; nothing else has an assignee. */
  async function expectLoadsConsistent(org: Org): Promise<Record<string, number>> {
    const byLoad = await loads(org);
    const rows = await t.rows(
      `select assigned_to, count(*)::int as n from analyses where organization_id = $1 and status = 'in_review' group by assigned_to`,
      [org.orgId],
    );
    const inReview = Object.fromEntries(rows.map((r) => [r.assigned_to as string, Number(r.n)]));
    expect(inReview).not.toHaveProperty('null');
    for (const user of new Set([...Object.keys(byLoad), ...Object.keys(inReview)])) {
      expect({ user, load: byLoad[user] ?? 0 }).toEqual({ user, load: inReview[user] ?? 0 });
    }
    const strays = await t.rows(
      `select id, status from analyses where organization_id = $1 and status <> 'in_review' and (assigned_to is not null or assigned_by is not null or assigned_at is not null)`,
      [org.orgId],
    );
    expect(strays).toEqual([]);
    return inReview;
  }

  it('claims the highest priority first, then the oldest, only needs_review analyses of the organization; 204 when empty', async () => {
    const org = await organization();
    const reviewer = await member(org, 'reviewer');
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const [lowOldest, mediumNew, highNewest, highOld, mediumOld, highOldest] = await insert(org, [
      { priority: 'low', createdAt: at(500) },
      { priority: 'medium', createdAt: at(10) },
      { priority: 'high', createdAt: at(1) },
      { priority: 'high', createdAt: at(60) },
      { priority: 'medium', createdAt: at(300) },
      { priority: 'high', createdAt: at(120) },
    ]);
    // Never claimed: other states, and another organization's queue.
    await insert(org, [
      { priority: 'high', createdAt: at(1000), status: 'completed' },
      { priority: 'high', createdAt: at(1000), status: 'cleared' },
      { priority: 'high', createdAt: at(1000), status: 'error' },
      { priority: null, createdAt: at(1000), status: 'pending' },
      { priority: null, createdAt: at(1000), status: 'processing' },
    ]);
    const other = await organization();
    const [foreign] = await insert(other, [{ priority: 'high', createdAt: at(2000) }]);

    const claimed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await claim(org, reviewer);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ status: 'in_review', assignedTo: reviewer.id, assignedBy: reviewer.id });
      expect(body.assignedAt).not.toBeNull();
      claimed.push(body.id);
    }
    expect(claimed).toEqual([highOldest, highOld, highNewest, mediumOld, mediumNew, lowOldest]);
    const empty = await claim(org, reviewer);
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBe('');
    expect(await loadOf(org, reviewer)).toBe(6);
    expect((await get(other, foreign!)).status).toBe('needs_review');
    await expectLoadsConsistent(org);

    const audit = await t.rows(
      `select action from audit_logs where organization_id = $1 and resource_type = 'analysis' and resource_id = $2`,
      [org.orgId, highOldest],
    );
    expect(audit.map((r) => r.action)).toContain('analysis.assigned');
  });

  it('ties on priority and time go by id; an escalated analysis jumps ahead at high priority', async () => {
    const org = await organization();
    const [first, second] = await insert(org, [
      { priority: 'medium', createdAt: new Date('2026-01-01T00:00:00Z') },
      { priority: 'medium', createdAt: new Date('2026-01-01T00:00:00Z') },
    ]);
    const [older] = await insert(org, [{ priority: 'medium', createdAt: new Date('2025-12-01T00:00:00Z') }]);
    const reviewer = await member(org, 'reviewer');
    const other = await member(org, 'reviewer');
    const a = await claim(org, reviewer);
    expect(a.json().id).toBe(older);
    // Escalated: back in the queue, now high; the next claim takes it before the two medium ones.
    expect((await review(org, older!, { token: reviewer.token }, 'escalated', 'needs a second look')).json()).toMatchObject({
      status: 'needs_review',
      priority: 'high',
      assignedTo: null,
    });
    expect((await claim(org, other)).json()).toMatchObject({ id: older, priority: 'high', assignedTo: other.id });
    const [lo, hi] = [first!, second!].sort();
    expect((await claim(org, reviewer)).json().id).toBe(lo);
    expect((await claim(org, reviewer)).json().id).toBe(hi);
    expect(await loads(org)).toEqual({ [reviewer.id]: 2, [other.id]: 1 });
    await expectLoadsConsistent(org);
  });

  it('assigns to a named reviewer and, unnamed, to the least-loaded of three reviewers', async () => {
    const org = await organization();
    const [r1, r2, r3] = [await member(org, 'reviewer'), await member(org, 'reviewer'), await member(org, 'reviewer')];
    const ids = await insert(
      org,
      Array.from({ length: 8 }, () => ({ priority: 'medium' as const })),
    );
    // Loads: r1 3, r2 0, r3 1 (named assignments by the owner, as a user, and one by the API key).
    for (const id of ids.slice(0, 3)) {
      const res = await assign(org, id, r1!.id, { token: org.owner.token });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'in_review', assignedTo: r1!.id, assignedBy: org.owner.id });
    }
    const byKey = await assign(org, ids[3]!, r3!.id);
    expect(byKey.json()).toMatchObject({ status: 'in_review', assignedTo: r3!.id, assignedBy: null });
    expect(await loads(org)).toEqual({ [r1!.id]: 3, [r3!.id]: 1 });

    const toLeast = await assign(org, ids[4]!);
    expect(toLeast.statusCode).toBe(200);
    expect(toLeast.json()).toMatchObject({ status: 'in_review', assignedTo: r2!.id });
    expect(await loads(org)).toEqual({ [r1!.id]: 3, [r2!.id]: 1, [r3!.id]: 1 });

    // r2 and r3 now tie at 1: the lower id gets the next one, then the other.
    const [tieFirst, tieSecond] = [r2!.id, r3!.id].sort();
    expect((await assign(org, ids[5]!)).json().assignedTo).toBe(tieFirst);
    expect((await assign(org, ids[6]!)).json().assignedTo).toBe(tieSecond);
    expect(await loads(org)).toEqual({ [r1!.id]: 3, [r2!.id]: 2, [r3!.id]: 2 });
    await expectLoadsConsistent(org);

    // A completed analysis can be picked by hand.
    const [done] = await insert(org, [{ priority: 'low', status: 'completed' }]);
    expect((await assign(org, done!, r1!.id)).json()).toMatchObject({ status: 'in_review', assignedTo: r1!.id });
    expect(await loadOf(org, r1!)).toBe(4);

    // Only reviewers, admins or owners of this organization; nothing changes otherwise.
    const agent = await member(org, 'agent');
    const stranger = await t.user();
    await t.request('GET', '/v1/me', { token: stranger.token });
    for (const who of [agent.id, stranger.id]) {
      const refused = await assign(org, ids[7]!, who);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('analysis.not_a_reviewer');
    }
    const admin = await member(org, 'admin');
    expect((await assign(org, ids[7]!, admin.id)).json()).toMatchObject({ status: 'in_review', assignedTo: admin.id });
    await expectLoadsConsistent(org);
  });

  it('an organization without reviewers cannot assign to the least-loaded one (422)', async () => {
    const org = await organization();
    const [id] = await insert(org, [{}]);
    const res = await assign(org, id!);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('analysis.no_reviewer');
    expect((await get(org, id!)).status).toBe('needs_review');
  });

  it('reassigning moves the load from the first reviewer to the second; the same reviewer again changes nothing', async () => {
    const org = await organization();
    const [r1, r2] = [await member(org, 'reviewer'), await member(org, 'reviewer')];
    const [id] = await insert(org, [{ priority: 'high' }]);
    await assign(org, id!, r1!.id, { token: org.owner.token });
    expect(await loads(org)).toEqual({ [r1!.id]: 1 });

    const moved = await assign(org, id!, r2!.id, { token: org.owner.token });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'in_review', assignedTo: r2!.id, assignedBy: org.owner.id });
    expect(await loads(org)).toEqual({ [r1!.id]: 0, [r2!.id]: 1 });

    const same = await assign(org, id!, r2!.id, { token: org.owner.token });
    expect(same.statusCode).toBe(200);
    expect(same.json().assignedTo).toBe(r2!.id);
    expect(await loads(org)).toEqual({ [r1!.id]: 0, [r2!.id]: 1 });

    // The first reviewer no longer holds it.
    const notTheirs = await review(org, id!, { token: r1!.token }, 'escalated');
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().code).toBe('analysis.not_assignee');
    const audit = await t.rows(`select action from audit_logs where organization_id = $1 and resource_id = $2 order by id`, [
      org.orgId,
      id,
    ]);
    expect(audit.map((r) => r.action)).toEqual(['analysis.assigned', 'analysis.released', 'analysis.assigned']);
    await expectLoadsConsistent(org);
  });

  it('releasing gives the analysis back to the queue and the load goes down; only the assignee or an admin may', async () => {
    const org = await organization();
    const [r1, r2] = [await member(org, 'reviewer'), await member(org, 'reviewer')];
    await insert(org, [{ priority: 'high' }, { priority: 'medium' }]);
    const first = (await claim(org, r1!)).json();
    const second = (await claim(org, r1!)).json();
    expect(await loadOf(org, r1!)).toBe(2);

    const byOther = await release(org, first.id, { token: r2!.token });
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().code).toBe('analysis.not_assignee');
    expect(await loadOf(org, r1!)).toBe(2);

    const released = await release(org, first.id, { token: r1!.token });
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({
      status: 'needs_review',
      assignedTo: null,
      assignedBy: null,
      assignedAt: null,
      reviewedBy: null,
    });
    expect(await loadOf(org, r1!)).toBe(1);

    // Back in the queue, at the front again (high priority).
    expect((await claim(org, r2!)).json().id).toBe(first.id);

    // An admin (here the API key) may release someone else's.
    const byAdmin = await release(org, second.id, { apiKey: org.apiKey });
    expect(byAdmin.statusCode).toBe(200);
    expect(await loads(org)).toEqual({ [r1!.id]: 0, [r2!.id]: 1 });

    const twice = await release(org, second.id, { token: org.owner.token });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('analysis.invalid_transition');
    expect(await loads(org)).toEqual({ [r1!.id]: 0, [r2!.id]: 1 });
    await expectLoadsConsistent(org);
  });

  it('keeps loads consistent through a mix of claims, assignments, reassignments, releases, reviews and reopenings', async () => {
    const org = await organization();
    const reviewers = [await member(org, 'reviewer'), await member(org, 'reviewer'), await member(org, 'reviewer')];
    const admin = await member(org, 'admin');
    const [a, b, c] = reviewers as [TestUser, TestUser, TestUser];
    const ids = await insert(
      org,
      Array.from({ length: 12 }, (_, i) => ({
        priority: (['high', 'medium', 'low'] as const)[i % 3],
        createdAt: new Date(Date.now() - (12 - i) * 60_000),
      })),
    );
    const ok = (res: LightMyRequestResponse) => {
      expect([res.statusCode, res.body]).toEqual([200, expect.any(String)]);
      return res;
    };

    const claims = [
      ok(await claim(org, a)),
      ok(await claim(org, a)),
      ok(await claim(org, b)),
      ok(await claim(org, c)),
      ok(await claim(org, c)),
    ].map((r) => r.json().id as string);
    await expectLoadsConsistent(org);

    ok(await assign(org, claims[0]!, b.id, { token: admin.token })); // a -> b
    ok(await assign(org, claims[2]!, c.id)); // b -> c
    ok(
      await assign(
        org,
        ids.find((id) => !claims.includes(id))!,
      ),
    ); // least-loaded
    await expectLoadsConsistent(org);

    ok(await release(org, claims[1]!, { token: a.token }));
    ok(await release(org, claims[3]!, { token: admin.token })); // admin for c

    // Reviews: cleared after listening, escalated, and one by the admin for its assignee.
    const held = await t.rows(
      `select id, assigned_to, priority from analyses where organization_id = $1 and status = 'in_review' order by id`,
      [org.orgId],
    );
    expect(held.length).toBeGreaterThanOrEqual(3);
    const [h1, h2, h3] = held as [Record<string, string>, Record<string, string>, Record<string, string>];
    const tokenOf = (userId: string) => reviewers.find((r) => r.id === userId)!.token;
    ok(
      await t.request(
        'POST',
        `${org.base}/analyses/${h1.id}/review-metrics`,
        { token: tokenOf(h1.assigned_to!) },
        { audioPlayedPercentage: 100, timeSpentSeconds: 60 },
      ),
    );
    ok(await review(org, h1.id!, { token: tokenOf(h1.assigned_to!) }, 'cleared', 'legitimate'));
    ok(await review(org, h2.id!, { token: tokenOf(h2.assigned_to!) }, 'escalated', 'suspicious'));
    ok(await t.request('POST', `${org.base}/analyses/${h3.id}/review-metrics`, { token: admin.token }, { audioPlayedPercentage: 90 }));
    ok(await review(org, h3.id!, { token: admin.token }, 'cleared'));
    await expectLoadsConsistent(org);

    // Reopened, claimed again, and everyone drains the queue.
    ok(await t.request('POST', `${org.base}/analyses/${h1.id}/reopen`, { token: admin.token }));
    for (const r of [a, b, c, a, b, c, a, b, c, a, b, c]) await claim(org, r);
    const inReview = await expectLoadsConsistent(org);
    const [{ n }] = (await t.rows(`select count(*)::int as n from analyses where organization_id = $1 and status = 'needs_review'`, [
      org.orgId,
    ])) as [{ n: number }];
    expect(n).toBe(0);
    expect(Object.values(inReview).reduce((s, x) => s + x, 0)).toBe(12 - 1); // all but the one still cleared

    // The list agrees with the loads.
    for (const r of reviewers) {
      const list = (
        await t.request('GET', `${org.base}/analyses?status=in_review&assignedTo=${r.id}&limit=100`, { apiKey: org.apiKey })
      ).json();
      expect(list.data.length).toBe(inReview[r.id] ?? 0);
      expect(await loadOf(org, r)).toBe(inReview[r.id] ?? 0);
    }
  });

  it('nobody can listen for somebody else: a high-priority analysis is cleared only after its own reviewer played it', async () => {
    const org = await organization();
    const r0 = await member(org, 'reviewer');
    const r1 = await member(org, 'reviewer');
    const [id] = await insert(org, [{ priority: 'high' }]);
    const metrics = (as: TestUser, pct: number) =>
      t.request(
        'POST',
        `${org.base}/analyses/${id}/review-metrics`,
        { token: as.token },
        { audioPlayedPercentage: pct, timeSpentSeconds: 30 },
      );

    // Unclaimed: nobody's playback is recorded yet.
    const early = await metrics(r1, 100);
    expect([early.statusCode, early.json().code]).toEqual([409, 'analysis.not_in_review']);
    expect((await claim(org, r0)).json().id).toBe(id);
    // A reviewer who is not the assignee cannot record playback for it.
    const foreign = await metrics(r1, 100);
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'analysis.not_assignee']);
    expect((await get(org, id)).metrics.plays).toBe(0);
    // So the assignee who played nothing still cannot clear it.
    const unheard = await review(org, id!, { token: r0.token }, 'cleared');
    expect([unheard.statusCode, unheard.json().code]).toEqual([409, 'analysis.review_incomplete']);
    expect((await get(org, id)).status).toBe('in_review');
    // Once the assignee has listened, it can.
    expect((await metrics(r0, 100)).statusCode).toBe(200);
    expect((await review(org, id!, { token: r0.token }, 'cleared')).statusCode).toBe(200);
    expect((await get(org, id)).status).toBe('cleared');
  });

  describe('every move the lifecycle refuses is 409 analysis.invalid_transition over HTTP, and changes nothing', () => {
    type HttpMove = 'assign' | 'release' | 'review cleared' | 'review escalated' | 'reopen' | 'retry';
    const STATES: AnalysisStatus[] = ['pending', 'processing', 'completed', 'error', 'needs_review', 'in_review', 'cleared'];
    /** docs/api.md: what each move may start from (assigning an in_review analysis is a reassignment). */
    const ALLOWED_FROM: Record<HttpMove, AnalysisStatus[]> = {
      assign: ['needs_review', 'completed', 'in_review'],
      release: ['in_review'],
      'review cleared': ['in_review'],
      'review escalated': ['in_review'],
      reopen: ['cleared'],
      retry: ['error'],
    };
    const TO: Record<HttpMove, AnalysisStatus> = {
      assign: 'in_review',
      release: 'needs_review',
      'review cleared': 'cleared',
      'review escalated': 'needs_review',
      reopen: 'needs_review',
      retry: 'pending',
    };
    const CASES = STATES.flatMap((from) =>
      (Object.keys(ALLOWED_FROM) as HttpMove[]).map((move) => ({ from, move, allowed: ALLOWED_FROM[move].includes(from) })),
    );

    let org: Org;
    let reviewer: TestUser;
    let second: TestUser;

    beforeAll(async () => {
      org = await organization();
      reviewer = await member(org, 'reviewer');
      second = await member(org, 'reviewer');
    });

    /** One analysis in `status`; in_review and cleared are reached through the API. */
    async function inState(status: AnalysisStatus): Promise<string> {
      if (status !== 'in_review' && status !== 'cleared') {
        const [id] = await insert(org, [
          { status, priority: status === 'pending' || status === 'processing' ? null : status === 'completed' ? 'low' : 'medium' },
        ]);
        return id!;
      }
      const [id] = await insert(org, [{ priority: 'medium' }]);
      expect((await assign(org, id!, reviewer.id)).statusCode).toBe(200);
      if (status === 'cleared') expect((await review(org, id!, { token: reviewer.token }, 'cleared')).statusCode).toBe(200);
      return id!;
    }

    function send(move: HttpMove, id: string, as: { token: string } | { apiKey: string }) {
      switch (move) {
        case 'assign':
          return assign(org, id, second.id, as);
        case 'release':
          return release(org, id, as);
        case 'review cleared':
          return review(org, id, as, 'cleared');
        case 'review escalated':
          return review(org, id, as, 'escalated');
        case 'reopen':
          return t.request('POST', `${org.base}/analyses/${id}/reopen`, as);
        case 'retry':
          return t.request('POST', `${org.base}/analyses/${id}/retry`, as);
      }
    }

    it('covers 7 states × 6 moves', () => {
      expect(CASES).toHaveLength(42);
      expect(CASES.filter((c) => c.allowed)).toHaveLength(8);
    });

    it.each(CASES.filter((c) => !c.allowed))('$from: $move is refused (owner)', async ({ from, move }) => {
      const id = await inState(from);
      const before = await get(org, id);
      const res = await send(move, id, { token: org.owner.token });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 409, code: 'analysis.invalid_transition' });
      const after = await get(org, id);
      expect(after).toEqual(before);
      await expectLoadsConsistent(org);
    });

    it.each(CASES.filter((c) => !c.allowed && (c.move === 'release' || c.move.startsWith('review'))))(
      '$from: $move is refused for a reviewer too (409, not 403)',
      async ({ from, move }) => {
        const id = await inState(from);
        const res = await send(move, id, { token: reviewer.token });
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('analysis.invalid_transition');
        expect((await get(org, id)).status).toBe(from);
      },
    );

    it.each(CASES.filter((c) => c.allowed))('$from: $move is allowed', async ({ from, move }) => {
      const id = await inState(from);
      const res = await send(
        move,
        id,
        move.startsWith('review') || move === 'release' ? { token: reviewer.token } : { token: org.owner.token },
      );
      expect([res.statusCode, res.json().code]).toEqual([200, undefined]);
      expect(res.json().status).toBe(TO[move]);
      await expectLoadsConsistent(org);
    });
  });

  describe('permissions', () => {
    let org: Org;
    let reviewer: TestUser;
    let id: string;

    beforeAll(async () => {
      org = await organization();
      reviewer = await member(org, 'reviewer');
      [id] = (await insert(org, [{ priority: 'high' }, { priority: 'high' }])) as [string, string];
    });

    it.each(['member', 'agent'] as const)(
      'a %s cannot claim, assign, review, release, reopen, retry or even read analyses (403)',
      async (role) => {
        const user = await member(org, role);
        const as = { token: user.token };
        const attempts = [
          await claim(org, user),
          await assign(org, id, reviewer.id, as),
          await assign(org, id, undefined, as),
          await review(org, id, as, 'cleared'),
          await release(org, id, as),
          await t.request('POST', `${org.base}/analyses/${id}/review-metrics`, as, { audioPlayedPercentage: 50 }),
          await t.request('POST', `${org.base}/analyses/${id}/reopen`, as),
          await t.request('POST', `${org.base}/analyses/${id}/retry`, as),
          await t.request('GET', `${org.base}/analyses`, as),
          await t.request('GET', `${org.base}/analyses/${id}`, as),
        ];
        for (const res of attempts) {
          expect([res.statusCode, res.json().code]).toEqual([403, 'auth.forbidden']);
        }
        expect((await get(org, id)).status).toBe('needs_review');
        expect(await loads(org)).toEqual({});
      },
    );

    it('a reviewer cannot assign, reopen or retry (403)', async () => {
      const as = { token: reviewer.token };
      for (const res of [
        await assign(org, id, reviewer.id, as),
        await assign(org, id, undefined, as),
        await t.request('POST', `${org.base}/analyses/${id}/reopen`, as),
        await t.request('POST', `${org.base}/analyses/${id}/retry`, as),
      ]) {
        expect([res.statusCode, res.json().code]).toEqual([403, 'auth.forbidden']);
      }
      expect((await get(org, id)).status).toBe('needs_review');
    });

    it('an API key cannot claim or review, whatever its scopes (403 auth.user_required); without reviews:write it gets auth.forbidden', async () => {
      const byKey = await t.request('POST', `${org.base}/review-queue/claim`, { apiKey: org.apiKey });
      expect([byKey.statusCode, byKey.json().code]).toEqual([403, 'auth.user_required']);
      const reviewByKey = await review(org, id, { apiKey: org.apiKey }, 'escalated');
      expect([reviewByKey.statusCode, reviewByKey.json().code]).toEqual([403, 'auth.user_required']);

      const narrow = await t.request(
        'POST',
        `${org.base}/api-keys`,
        { token: org.owner.token },
        { name: 'read only', scopes: ['analyses:read'] },
      );
      expect(narrow.statusCode).toBe(201);
      const readOnly = { apiKey: narrow.json().key as string };
      const claimed = await t.request('POST', `${org.base}/review-queue/claim`, readOnly);
      expect([claimed.statusCode, claimed.json().code]).toEqual([403, 'auth.forbidden']);
      const assigned = await assign(org, id, reviewer.id, readOnly);
      expect([assigned.statusCode, assigned.json().code]).toEqual([403, 'auth.forbidden']);
      expect((await t.request('GET', `${org.base}/analyses/${id}`, readOnly)).statusCode).toBe(200);

      expect((await get(org, id)).status).toBe('needs_review');
      expect(await loads(org)).toEqual({});
    });

    it('someone outside the organization gets 404 for every path of it', async () => {
      const outsider = await t.user();
      const other = await organization();
      const as = { token: outsider.token };
      for (const res of [
        await t.request('POST', `${org.base}/review-queue/claim`, as),
        await assign(org, id, reviewer.id, as),
        await review(org, id, as, 'cleared'),
        await t.request('POST', `${org.base}/review-queue/claim`, { token: other.owner.token }),
        await t.request('POST', `${org.base}/review-queue/claim`, { apiKey: other.apiKey }),
      ]) {
        expect([res.statusCode, res.json().code]).toEqual([404, 'organization.not_found']);
      }
      expect((await get(org, id)).status).toBe('needs_review');
    });
  });
});
