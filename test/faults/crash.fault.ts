import { randomUUID } from 'node:crypto';
import { PERMISSIONS } from '@domain/tenancy/roles';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { signToken } from '../support/test-app';
import { postgresUrl } from '../support/test-environment';
import { ServiceProcess } from './service-process';

/**
 * kill -9 of the service in the middle of a burst of writes, each with its own Idempotency-Key.
 * After a restart: every acknowledged write has its row and its audit row; nothing exists twice;
 * every unanswered write, retried with its key, is either replayed or done once; the audit
 * chain verifies.
 */
(postgresUrl() ? describe : describe.skip)('a crash mid-traffic (kill -9), then retries', () => {
  let db: TestDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await ServiceProcess.start(db.url!, { IDEMPOTENCY_LEASE_SECONDS: '3', JOBS_ENABLED: 'true' });
  });
  afterAll(async () => {
    await service?.kill();
    await db?.dispose();
  });

  it('loses no acknowledged write, duplicates none, and lets every retry finish', async () => {
    const owner = await signToken({ sub: randomUUID(), email: 'owner@crash.test' });
    const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${service.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${owner}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const org = (await (await call('POST', '/v1/organizations', { name: 'Crash Co' })).json()) as { id: string };
    const key = (await (
      await call('POST', `/v1/organizations/${org.id}/api-keys`, {
        name: 'load',
        scopes: PERMISSIONS.filter((p) => p !== 'organizations:delete'),
      })
    ).json()) as { key: string };
    const write = (name: string) =>
      fetch(`${service.url}/v1/organizations/${org.id}/workspaces`, {
        method: 'POST',
        headers: { 'x-api-key': key.key, 'content-type': 'application/json', 'idempotency-key': `ws-${name}` },
        body: JSON.stringify({ name }),
      });

    const names = Array.from({ length: 400 }, (_, i) => `w-${i}`);
    const acknowledged = new Map<string, string>();
    const unanswered: string[] = [];
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < names.length) {
        const name = names[nextIndex++]!;
        try {
          const res = await write(name);
          if (res.status === 201) acknowledged.set(name, ((await res.json()) as { id: string }).id);
          else unanswered.push(name);
        } catch {
          unanswered.push(name);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    await new Promise((r) => setTimeout(r, 1500));
    await service.kill();
    await load;
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(unanswered.length).toBeGreaterThan(0);

    const rows = async () =>
      (
        await db.database.query(
          `select w.id, w.name, (select count(*)::int from audit_logs a where a.resource_id = w.id::text and a.action = 'workspace.created') as audits
             from workspaces w where w.organization_id = $1`,
          [org.id],
        )
      ).rows as { id: string; name: string; audits: number }[];
    const afterCrash = await rows();
    for (const [name, id] of acknowledged) expect(afterCrash.find((r) => r.id === id)).toMatchObject({ name, audits: 1 });
    // Every row written has its audit row: they commit together or not at all.
    expect(afterCrash.filter((r) => r.audits !== 1)).toEqual([]);

    await service.launch();
    await new Promise((r) => setTimeout(r, 3_500)); // the dead process's leases run out
    const retried = await Promise.all(unanswered.map(async (name) => ({ name, res: await write(name) })));
    for (const { name, res } of retried) {
      expect({ name, status: res.status }).toEqual({ name, status: 201 });
      acknowledged.set(name, ((await res.json()) as { id: string }).id);
    }
    // Every attempted write now exists exactly once, with the id its client was told.
    const final = await rows();
    const attempted = new Set([...acknowledged.keys()]);
    expect(final.filter((r) => attempted.has(r.name)).length).toBe(attempted.size);
    for (const [name, id] of acknowledged) expect(final.filter((r) => r.name === name).map((r) => r.id)).toEqual([id]);

    // The audit chain seals and verifies across the crash.
    let verify: { valid: boolean; unsealed: number } = { valid: false, unsealed: -1 };
    for (let i = 0; i < 60; i++) {
      verify = (await (
        await fetch(`${service.url}/v1/organizations/${org.id}/audit-logs/verify`, { headers: { 'x-api-key': key.key } })
      ).json()) as typeof verify;
      if (verify.valid && verify.unsealed === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(verify).toMatchObject({ valid: true, unsealed: 0 });
    console.log(
      `crash: ${acknowledged.size - retried.length} writes acknowledged before kill -9, ${unanswered.length} unanswered and retried; ${final.length} workspaces, none twice, chain verified`,
    );
  }, 240_000);
});
