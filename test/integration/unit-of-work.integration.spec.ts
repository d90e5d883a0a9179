import { sql } from 'drizzle-orm';
import { OrganizationRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TransactionContext } from '@infrastructure/persistence/transaction-context';
import { LIVE_EVENTS_CHANNEL } from '@infrastructure/events/domain-event-publisher';
import { SEAL_AUDIT_CHAIN_QUEUE } from '@modules/audit';
import { startTestApp, type TestApp } from '../support/test-app';

describe('unit of work', () => {
  let t: TestApp;
  let orgId: string;
  const counts = async () => {
    const [audit] = await t.rows('select count(*)::int as n from audit_logs where organization_id = $1', [orgId]);
    const [jobs] = await t.rows(`select count(*)::int as n from pgboss.job where name = $1`, [SEAL_AUDIT_CHAIN_QUEUE]);
    return { audit: audit!.n as number, jobs: jobs!.n as number };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ orgId } = await t.organization());
    await t.sealAudit();
  });
  afterAll(async () => {
    await t.close();
  });

  /** What the transactional command bus does around a handler: here the handler fails after saving. */
  const renameThen = (organizationId: string, name: string, fail: boolean) =>
    t.app.get(UnitOfWork, { strict: false }).run({ organizationId }, async () => {
      const organizations = t.app.get(OrganizationRepository, { strict: false });
      const org = (await organizations.findById(organizationId))!;
      org.update({ name });
      await organizations.save(org);
      if (fail) throw new Error('boom after save');
    });

  it('publishes nothing for a command that fails: no audit row, no job, no notification', async () => {
    const notifications: string[] = [];
    const listen = await listenTo(t, (payload) => notifications.push(payload));
    const before = await counts();
    await expect(renameThen(orgId, 'Renamed', true)).rejects.toThrow('boom');
    const after = await counts();
    expect(after).toEqual(before);
    const [org] = await t.rows('select name from organizations where id = $1', [orgId]);
    expect(org!.name).toBe('Acme');

    await renameThen(orgId, 'Renamed', false);
    const done = await counts();
    expect(done.audit).toBe(before.audit + 1);
    expect(done.jobs).toBe(before.jobs + 1);
    await waitFor(() => notifications.length > 0);
    await listen.stop();
    expect(notifications.map((n) => JSON.parse(n).type)).toEqual(['organization.updated']);
    const [row] = await t.rows(`select action, changes from audit_logs where organization_id = $1 and action = 'organization.updated'`, [
      orgId,
    ]);
    expect(row).toEqual({ action: 'organization.updated', changes: { before: { name: 'Acme' }, after: { name: 'Renamed' } } });
  });

  it('fails, instead of committing without its events, when a repository forgets to collect a saved aggregate', async () => {
    const organizations = t.app.get(OrganizationRepository, { strict: false });
    const uow = t.app.get(UnitOfWork, { strict: false });
    const tx = t.app.get(TransactionContext, { strict: false });
    // A repository whose save() writes the row but never calls uow.collect(aggregate).
    const careless = {
      save: async (org: Parameters<OrganizationRepository['save']>[0]) => {
        await tx.db.execute(sql`update organizations set name = ${org.snapshot().name} where id = ${org.id}`);
      },
    };
    const before = await counts();
    await expect(
      uow.run({ organizationId: orgId }, async () => {
        const org = (await organizations.findById(orgId))!;
        org.update({ name: 'Forgotten' });
        await careless.save(org);
      }),
    ).rejects.toThrow(/Events recorded by Organization were never collected/);
    expect(await counts()).toEqual(before);
    const [org] = await t.rows('select name from organizations where id = $1', [orgId]);
    expect(org!.name).not.toBe('Forgotten');
  });

  it('writes exactly one audit row per event', async () => {
    const { orgId: other, apiKey } = await t.organization('Counted');
    const before = await t.rows('select action from audit_logs where organization_id = $1', [other]);
    await t.request('POST', `/v1/organizations/${other}/workspaces`, { apiKey }, { name: 'One' });
    const after = await t.rows('select action from audit_logs where organization_id = $1 order by id', [other]);
    // workspace.created; the API key caller is not a user, so no workspace member is added.
    expect(after.slice(before.length).map((r) => r.action)).toEqual(['workspace.created']);
  });

  it('runs tenant work under row-level security: an unfiltered query sees only its organization', async () => {
    const { orgId: a } = await t.organization('A');
    const { orgId: b } = await t.organization('B');
    const uow = t.app.get(UnitOfWork, { strict: false });
    const tx = t.app.get(TransactionContext);
    const seen = await uow.run({ organizationId: a }, async () => {
      const orgs = (await tx.db.execute(sql`select id from organizations`)) as unknown;
      const members = (await tx.db.execute(sql`select distinct organization_id from organization_members`)) as unknown;
      const ids = (r: unknown) =>
        ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Record<string, string>[]).map((x) => Object.values(x)[0]);
      return { orgs: ids(orgs), members: ids(members) };
    });
    expect(seen.orgs).toEqual([a]);
    expect(seen.members).toEqual([a]);
    // Writing another organization's row is refused by the policy, not just filtered.
    await expect(
      uow.run({ organizationId: a }, () =>
        tx.db.execute(sql`insert into workspaces (organization_id, id, name) values (${b}, gen_random_uuid(), 'sneaky')`),
      ),
    ).rejects.toThrow();
    expect(await t.rows(`select id from workspaces where name = 'sneaky'`)).toEqual([]);
  });

  it('refuses UPDATE and DELETE on the audit log, even to the service owner', async () => {
    await expect(t.rows(`update audit_logs set action = 'x' where organization_id = $1`, [orgId])).rejects.toThrow(/append-only/);
    await expect(t.rows(`delete from audit_logs where organization_id = $1`, [orgId])).rejects.toThrow(/append-only/);
    await expect(t.rows(`delete from audit_log_seals where organization_id = $1`, [orgId])).rejects.toThrow(/append-only/);
  });
});

async function listenTo(t: TestApp, onPayload: (payload: string) => void): Promise<{ stop(): Promise<void> }> {
  const db = t.database;
  if (db.pglite) {
    const unsubscribe = await db.pglite.listen(LIVE_EVENTS_CHANNEL, onPayload);
    return { stop: unsubscribe };
  }
  const sub = await db.postgres!.listen(LIVE_EVENTS_CHANNEL, onPayload);
  return { stop: () => sub.unlisten() };
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
