import { TcpProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';
import { postgresUrl } from '../support/test-environment';

/**
 * PostgreSQL goes away mid-traffic (a proxy in front of it is cut) and comes back. While it is
 * gone every request answers 503 `database.unavailable` promptly, readiness says so and liveness
 * does not; when it returns the service serves again within seconds, with no restart, and
 * nothing refused during the outage was written.
 */
const base = postgresUrl();
(base ? describe : describe.skip)('a database outage (PostgreSQL behind a proxy)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let orgId: string;
  let apiKey: string;

  beforeAll(async () => {
    const target = new URL(base!);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    t = await startTestApp({ route: (url) => proxy.route(url), env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2', DATABASE_POOL_SIZE: '3' } });
    ({ orgId, apiKey } = await t.organization('Outage Co'));
  });
  afterAll(async () => {
    await proxy?.restore();
    await t?.close();
    await proxy?.stop();
  });

  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  };
  const workspaces = () => `/v1/organizations/${orgId}/workspaces`;

  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`${mode}: 503 within the connect timeout during the outage, serving again within seconds after it, with no restart`, async () => {
      expect((await t.request('GET', workspaces(), { apiKey })).statusCode).toBe(200);
      await proxy.cut(mode);

      // More failures than the pool has connections: none of them may keep a slot.
      const during = await Promise.all(
        Array.from({ length: 12 }, (_, i) => timed(() => t.request('POST', workspaces(), { apiKey }, { name: `during-${mode}-${i}` }))),
      );
      for (const { result, ms } of during) {
        expect({ status: result.statusCode, code: result.json().code }).toEqual({ status: 503, code: 'database.unavailable' });
        expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
        expect(ms).toBeLessThan(8_000);
      }
      const ready = await t.request('GET', '/health/ready', null);
      expect(ready.statusCode).toBe(503);
      expect((await t.request('GET', '/health/live', null)).statusCode).toBe(200);

      await proxy.restore();
      const restored = performance.now();
      let recoveredAfter = -1;
      while (performance.now() - restored < 30_000) {
        const res = await t.request('GET', workspaces(), { apiKey });
        if (res.statusCode === 200) {
          recoveredAfter = performance.now() - restored;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(
        `database outage (${mode}): ${during.length} requests answered 503 in at most ${Math.round(Math.max(...during.map((d) => d.ms)))} ms; served again ${Math.round(recoveredAfter)} ms after the database returned`,
      );
      expect(recoveredAfter).toBeGreaterThanOrEqual(0);
      expect(recoveredAfter).toBeLessThan(10_000);

      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.request('POST', workspaces(), { apiKey }, { name: `after-${mode}-${i}` })),
      );
      expect(after.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
      expect((await t.request('GET', '/health/ready', null)).statusCode).toBe(200);
      // Nothing refused during the outage was written.
      const phantoms = await t.rows(`select name from workspaces where organization_id = $1 and name like $2`, [orgId, `during-${mode}-%`]);
      expect(phantoms).toEqual([]);
    }, 90_000);
  }
});
