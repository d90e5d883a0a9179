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
});
