import { postgresUrl } from '../support/test-environment';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * Many reviewers claiming from one queue at once. On PostgreSQL the claims really overlap
 * (the test pool has 5 connections, so up to 5 claim transactions run together and the rest
 * wait for a connection); PGlite has one connection and runs them one after another, which
 * still checks the bookkeeping. PGlite gets a smaller queue to keep the run short.
 */
const ON_POSTGRES = postgresUrl() !== null;
const REVIEWERS = 20;
const ANALYSES = ON_POSTGRES ? 1000 : 200;

describe('review queue under concurrent claims', () => {
  let t: TestApp;
  let orgId: string;
  let reviewers: TestUser[];

  beforeAll(async () => {
    t = await startTestApp();
    const org = await t.organization();
    orgId = org.orgId;
    reviewers = await Promise.all(
      Array.from({ length: REVIEWERS }, async () => {
        const user = await t.user();
        await t.request('GET', '/v1/me', { token: user.token });
        const added = await t.request(
          'POST',
          `/v1/organizations/${orgId}/members`,
          { apiKey: org.apiKey },
          { userId: user.id, role: 'reviewer' },
        );
        if (added.statusCode !== 201) throw new Error(`add reviewer: ${added.statusCode} ${added.body}`);
        return user;
      }),
    );
    // The queue, in one statement: mixed priorities, each a second older than the next.
    await t.rows(
      `insert into analyses (organization_id, id, source, status, priority, priority_rank, metrics, created_at)
       select $1::uuid, gen_random_uuid(), 'upload', 'needs_review', (array['high','medium','low'])[1 + i % 3], 3 - i % 3,
              '{"plays":0,"audioPlayedPercentage":0,"timeSpentSeconds":0}'::jsonb, now() - make_interval(secs => i)
       from generate_series(1, $2::int) as i`,
      [orgId, ANALYSES],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it(`${REVIEWERS} reviewers drain ${ANALYSES} analyses at once (${ON_POSTGRES ? 'PostgreSQL, 1,000: real concurrency' : 'PGlite, 200: serialised'}): each claimed exactly once, loads consistent`, async () => {
    const [{ n: queued }] = (await t.rows(
      `select count(*)::int as n from analyses where organization_id = $1 and status = 'needs_review'`,
      [orgId],
    )) as [{ n: number }];
    expect(queued).toBe(ANALYSES);

    const started = Date.now();
    const claimedBy = await Promise.all(
      reviewers.map(async (reviewer) => {
        const ids: string[] = [];
        for (;;) {
          const res = await t.request('POST', `/v1/organizations/${orgId}/review-queue/claim`, { token: reviewer.token });
          if (res.statusCode === 204) return { reviewer, ids };
          if (res.statusCode !== 200) throw new Error(`claim by ${reviewer.id}: ${res.statusCode} ${res.body}`);
          const body = res.json();
          if (body.assignedTo !== reviewer.id || body.status !== 'in_review') throw new Error(`claim answered ${res.body}`);
          ids.push(body.id as string);
        }
      }),
    );
    const elapsed = Date.now() - started;
    // Seen with --verbose; the numbers go in reports.
    process.stdout.write(
      `claim-concurrency: ${ANALYSES} claims by ${REVIEWERS} reviewers in ${elapsed} ms on ${ON_POSTGRES ? 'PostgreSQL' : 'PGlite'}\n`,
    );

    // Every analysis claimed exactly once.
    const all = claimedBy.flatMap((c) => c.ids);
    expect(all).toHaveLength(ANALYSES);
    expect(new Set(all).size).toBe(ANALYSES);
    const rows = await t.rows(`select id, status, assigned_to from analyses where organization_id = $1`, [orgId]);
    expect(rows).toHaveLength(ANALYSES);
    expect(rows.filter((r) => r.status !== 'in_review')).toEqual([]);
    const owner = new Map(claimedBy.flatMap((c) => c.ids.map((id) => [id, c.reviewer.id] as const)));
    for (const r of rows) expect({ id: r.id, assignedTo: r.assigned_to }).toEqual({ id: r.id, assignedTo: owner.get(r.id as string) });

    // Loads: each reviewer's open_assignments equals what they claimed and what the table says they hold.
    const loads = await t.rows(`select user_id, open_assignments from reviewer_loads where organization_id = $1`, [orgId]);
    const held = await t.rows(
      `select assigned_to, count(*)::int as n from analyses where organization_id = $1 and status = 'in_review' group by assigned_to`,
      [orgId],
    );
    const loadOf = new Map(loads.map((r) => [r.user_id as string, Number(r.open_assignments)]));
    const heldBy = new Map(held.map((r) => [r.assigned_to as string, Number(r.n)]));
    for (const { reviewer, ids } of claimedBy) {
      expect({ reviewer: reviewer.id, load: loadOf.get(reviewer.id) ?? 0, held: heldBy.get(reviewer.id) ?? 0 }).toEqual({
        reviewer: reviewer.id,
        load: ids.length,
        held: ids.length,
      });
    }
    expect([...loadOf.keys()].every((id) => reviewers.some((r) => r.id === id))).toBe(true);
    expect([...loadOf.values()].reduce((s, n) => s + n, 0)).toBe(ANALYSES);

    // The queue really was shared (on PostgreSQL, at the same time): more than one reviewer got work.
    expect(claimedBy.filter((c) => c.ids.length > 0).length).toBeGreaterThan(1);

    // One assignment event per claim, nothing else.
    const [{ n: assigned }] = (await t.rows(
      `select count(*)::int as n from audit_logs where organization_id = $1 and resource_type = 'analysis' and action = 'analysis.assigned'`,
      [orgId],
    )) as [{ n: number }];
    expect(assigned).toBe(ANALYSES);

    // And it is empty for everyone now.
    const again = await t.request('POST', `/v1/organizations/${orgId}/review-queue/claim`, { token: reviewers[0]!.token });
    expect(again.statusCode).toBe(204);
    // About 35 s on PostgreSQL and 12 s on PGlite on a 2-CPU machine; room for a busy one.
  }, 120_000);
});
