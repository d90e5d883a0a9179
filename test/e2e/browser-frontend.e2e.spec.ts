import { corsOptions } from '../../src/create-app';
import { loadConfig } from '@infrastructure/config/app-config';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../support/test-environment';

/** What a browser frontend on its own origin needs: CORS, and a request id it can quote. */
describe('a browser frontend on another origin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://app.acme.test,https://admin.acme.test' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type,idempotency-key') =>
    t.app.inject({
      method: 'OPTIONS',
      url: '/v1/organizations',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('answers a preflight from an allowed origin with the methods and headers the API uses', async () => {
    const res = await preflight('https://app.acme.test', 'POST', 'authorization,x-api-key,idempotency-key,x-request-id,content-type');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.acme.test');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const allowed = String(res.headers['access-control-allow-headers'])
      .toLowerCase()
      .split(',')
      .map((h) => h.trim());
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'idempotency-key', 'x-request-id', 'content-type']));
    expect(String(res.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(res.headers.vary).toContain('Origin');
  });

  it('refuses a preflight from an origin that is not configured, and grants it nothing', async () => {
    for (const origin of ['https://evil.test', 'https://app.acme.test.evil.test', 'http://app.acme.test', 'null']) {
      const res = await preflight(origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
  });

  it('lets an allowed page read the answer, Retry-After and X-Request-Id included', async () => {
    const { orgId, apiKey } = await t.organization();
    const res = await t.request('GET', `/v1/organizations/${orgId}`, { apiKey }, undefined, { origin: 'https://admin.acme.test' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.acme.test');
    const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
    for (const h of ['retry-after', 'x-request-id', 'ratelimit-remaining']) expect(exposed).toContain(h);
    const foreign = await t.request('GET', `/v1/organizations/${orgId}`, { apiKey }, undefined, { origin: 'https://evil.test' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('names the request id on every answer: the caller’s own when sane, the same one in problem bodies', async () => {
    const ok = await t.request('GET', '/health/live', null, undefined, { 'x-request-id': 'frontend-trace-42' });
    expect(ok.headers['x-request-id']).toBe('frontend-trace-42');
    const generated = await t.request('GET', '/health/live', null);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await t.request('GET', '/v1/organizations', null, undefined, { 'x-request-id': 'trace-7' });
    expect(problem.statusCode).toBe(401);
    expect(problem.headers['x-request-id']).toBe('trace-7');
    expect(problem.json().requestId).toBe('trace-7');
    // A header that could smuggle anything into logs is replaced, not echoed.
    const hostile = await t.request('GET', '/no/such/route', null, undefined, { 'x-request-id': 'a b<script>' });
    expect(hostile.statusCode).toBe(404);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.json().requestId).toBe(hostile.headers['x-request-id']);
  });
});

describe('CORS defaults', () => {
  it('in production with CORS_ORIGINS unset, no origin is granted, localhost included', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.invalid/switchboard',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
    });
    const { origin } = corsOptions(config);
    for (const candidate of ['http://localhost:5173', 'https://app.acme.test']) {
      const granted = await new Promise<boolean>((resolve) => origin(candidate, (_e, allow) => resolve(allow)));
      expect({ candidate, granted }).toEqual({ candidate, granted: false });
    }
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, at start-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: 'https://app.acme.test/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: 'app.acme.test' })).toThrow(/CORS_ORIGINS/);
  });

  it('in development with CORS_ORIGINS unset, a dev server on a localhost port is allowed', async () => {
    const t = await startTestApp({ env: { NODE_ENV: 'development' } });
    try {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/v1/organizations',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      const other = await t.app.inject({
        method: 'OPTIONS',
        url: '/v1/organizations',
        headers: { origin: 'http://localhost.evil.test:5173', 'access-control-request-method': 'GET' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
