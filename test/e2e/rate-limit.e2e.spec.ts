import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/create-app';
import type { Database } from '@infrastructure/persistence/database';
import { startTestApp, type TestApp } from '../support/test-app';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the limit, per API key, and leaves other callers alone', async () => {
    const a = await t.organization('A');
    const b = await t.organization('B');
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await t.request('GET', `/v1/organizations/${a.orgId}/workspaces`, { apiKey: a.apiKey });
      statuses.push(last.statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(last!.json().code).toBe('rate_limit.exceeded');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.request('GET', `/v1/organizations/${b.orgId}/workspaces`, { apiKey: b.apiKey })).statusCode).toBe(200);
    expect((await t.request('GET', '/health/live', null)).statusCode).toBe(200);
  });

  it('counts one budget per caller across every route, announced in RateLimit-* headers', async () => {
    const { orgId, apiKey } = await t.organization('Shared');
    const routes = [
      `/v1/organizations/${orgId}/workspaces`,
      `/v1/organizations/${orgId}/members`,
      `/v1/organizations/${orgId}/api-keys`,
      `/v1/organizations/${orgId}`,
    ];
    const seen: { status: number; remaining: string | undefined; limit: string | undefined }[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.request('GET', routes[i % routes.length]!, { apiKey });
      seen.push({
        status: res.statusCode,
        remaining: res.headers['ratelimit-remaining'] as string | undefined,
        limit: res.headers['ratelimit-limit'] as string | undefined,
      });
    }
    // Alternating routes does not buy a second budget: the sixth request, on a route used only once before, is refused.
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(seen.slice(0, 5).map((s) => s.remaining)).toEqual(['4', '3', '2', '1', '0']);
    expect(seen.slice(0, 5).every((s) => s.limit === '5')).toBe(true);
    const refused = await t.request('GET', routes[3]!, { apiKey });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Object.keys(refused.headers).filter((h) => /per-principal/.test(h))).toEqual([]);
  });

  it('limits a user across routes and organizations by the person, not the key or the route', async () => {
    const { orgId, owner } = await t.organization('Person');
    // organization() spent two of the owner's five requests.
    const a = await t.request('GET', '/v1/me', { token: owner.token });
    const b = await t.request('GET', `/v1/organizations/${orgId}/workspaces`, { token: owner.token });
    const c = await t.request('GET', `/v1/organizations`, { token: owner.token });
    const d = await t.request('GET', `/v1/organizations/${orgId}`, { token: owner.token });
    expect([a, b, c, d].map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
    expect(c.headers['ratelimit-remaining']).toBe('0');
  });

  it('two replicas on one database allow what one does: the budget lives in the database', async () => {
    const { orgId, apiKey } = await t.organization('Replicated');
    // A second replica: the same configuration and database, its own process memory.
    const shared = Object.create(t.database, { close: { value: async () => undefined } }) as Database;
    const replica: NestFastifyApplication = await createApp(t.config, { database: shared });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const app = i % 2 === 0 ? t.app : replica;
        const res = await app.inject({ method: 'GET', url: `/v1/organizations/${orgId}/workspaces`, headers: { 'x-api-key': apiKey } });
        statuses.push(res.statusCode);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    } finally {
      await replica.close();
    }
  });
});
