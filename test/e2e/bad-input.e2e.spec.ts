import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/test-app';

function expectProblem(res: LightMyRequestResponse, status: number, code?: string): Record<string, any> {
  expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  const body = res.json();
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
      code: expect.any(String),
    }),
  );
  if (code) expect(body.code).toBe(code);
  return body;
}

describe('bad input', () => {
  let t: TestApp;
  let orgId: string;
  let apiKey: string;
  let wsId: string;
  let counts: () => Promise<Record<string, number>>;
  let before: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await t.organization('Bad Input Co');
    orgId = org.orgId;
    apiKey = org.apiKey;
    for (const name of ['one', 'two', 'three']) {
      const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name });
      expect(ws.statusCode).toBe(201);
      wsId = ws.json().id;
    }
    counts = async () => {
      const [row] = await t.rows(
        `select (select count(*)::int from workspaces) as workspaces, (select count(*)::int from audit_logs) as audit_logs,
                (select count(*)::int from organizations) as organizations, (select count(*)::int from idempotency_keys) as idempotency_keys`,
      );
      return row as Record<string, number>;
    };
    before = await counts();
  });
  afterAll(async () => {
    // None of the refused requests changed a row.
    if (t) expect(await counts()).toEqual(before);
    await t?.close();
  });

  const ws = () => `/v1/organizations/${orgId}/workspaces`;

  it('answers an unknown route with 404 route.not_found', async () => {
    const body = expectProblem(await t.request('GET', '/v1/nope', { apiKey }), 404, 'route.not_found');
    expect(body.instance).toBe('/v1/nope');
    expectProblem(await t.request('GET', '/definitely/not/here', null), 404, 'route.not_found');
  });

  it('answers malformed JSON with 400 request.malformed_body', async () => {
    expectProblem(
      await t.request('POST', ws(), { apiKey }, '{"name": "x",', { 'content-type': 'application/json' }),
      400,
      'request.malformed_body',
    );
    expectProblem(
      await t.request('POST', ws(), { apiKey }, '{name: x}', { 'content-type': 'application/json' }),
      400,
      'request.malformed_body',
    );
  });

  it('answers an empty JSON body with 400', async () => {
    expectProblem(await t.request('POST', ws(), { apiKey }, '', { 'content-type': 'application/json' }), 400);
  });

  it('answers an unknown field with 400 validation.failed naming the path', async () => {
    const body = expectProblem(await t.request('POST', ws(), { apiKey }, { name: 'ok', color: 'red' }), 400, 'validation.failed');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'color' })]));
    const patch = expectProblem(
      await t.request('PATCH', `${ws()}/${wsId}`, { apiKey }, { name: 'ok', organizationId: orgId }),
      400,
      'validation.failed',
    );
    expect(patch.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'organizationId' })]));
  });

  it('answers wrong types with 400 listing the field', async () => {
    const body = expectProblem(await t.request('POST', ws(), { apiKey }, { name: 123 }), 400, 'validation.failed');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'name', message: expect.any(String) })]));
    const missing = expectProblem(await t.request('POST', ws(), { apiKey }, {}), 400, 'validation.failed');
    expect(missing.errors.map((e: { path: string }) => e.path)).toContain('name');
    const array = expectProblem(await t.request('POST', ws(), { apiKey }, [{ name: 'x' }]), 400);
    expect(array.status).toBe(400);
    const nested = expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, { settings: { retentionDays: 'soon' } }),
      400,
      'validation.failed',
    );
    expect(nested.errors.map((e: { path: string }) => e.path)).toContain('settings.retentionDays');
  });

  it('answers a body over 1 MiB with a 413 problem', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1_048_576);
    expectProblem(await t.request('POST', ws(), { apiKey }, big, { 'content-type': 'application/json' }), 413, 'request.too_large');
  });

  it('answers a bad UUID in the path with 400 request.invalid_id', async () => {
    const body = expectProblem(await t.request('GET', `${ws()}/not-a-uuid`, { apiKey }), 400, 'request.invalid_id');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'workspaceId' })]);
    expectProblem(await t.request('PATCH', `${ws()}/not-a-uuid`, { apiKey }, { name: 'x' }), 400, 'request.invalid_id');
    expectProblem(await t.request('DELETE', `${ws()}/123`, { apiKey }), 400, 'request.invalid_id');
    expectProblem(await t.request('GET', `/v1/organizations/${orgId}/members/not-a-uuid`, { apiKey }), 400, 'request.invalid_id');
    expectProblem(await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/not-a-uuid`, { apiKey }), 400, 'request.invalid_id');
  });

  it('answers a bad organization id in the path with 404, never a database error', async () => {
    expectProblem(await t.request('GET', '/v1/organizations/not-a-uuid/workspaces', { apiKey }), 404, 'organization.not_found');
  });

  it.each(['0', '101', 'abc', '-1', '1.5', ''])('answers limit=%p with 400', async (limit) => {
    const res = await t.request('GET', `${ws()}?limit=${limit}`, { apiKey });
    if (limit === '') {
      // An empty limit is either ignored or refused, never a 500.
      expect([200, 400]).toContain(res.statusCode);
      return;
    }
    const body = expectProblem(res, 400, 'validation.failed');
    expect(body.errors.map((e: { path: string }) => e.path)).toContain('limit');
  });

  it('accepts limit 1 and 100 (control)', async () => {
    expect((await t.request('GET', `${ws()}?limit=1`, { apiKey })).statusCode).toBe(200);
    expect((await t.request('GET', `${ws()}?limit=100`, { apiKey })).statusCode).toBe(200);
  });

  it('answers a tampered cursor with 400 pagination.invalid_cursor', async () => {
    const page = await t.request('GET', `${ws()}?limit=1`, { apiKey });
    const cursor: string = page.json().nextCursor;
    expect(typeof cursor).toBe('string');
    expect((await t.request('GET', `${ws()}?limit=1&cursor=${encodeURIComponent(cursor)}`, { apiKey })).statusCode).toBe(200);

    const [body, signature] = cursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forgedBody = Buffer.from(JSON.stringify({ ...decoded, p: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
    const flipped = `${body}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [`${forgedBody}.${signature}`, flipped, 'garbage', `${body}.`, '.', `${body}x.${signature}`]) {
      const res = await t.request('GET', `${ws()}?cursor=${encodeURIComponent(bad)}`, { apiKey });
      expectProblem(res, 400, 'pagination.invalid_cursor');
    }
    // A cursor of another list in the same organization is refused too.
    const membersCursor = await t.request('GET', `/v1/organizations/${orgId}/members?cursor=${encodeURIComponent(cursor)}`, { apiKey });
    expectProblem(membersCursor, 400, 'pagination.invalid_cursor');
    // Too long a cursor is a validation failure, not a 500.
    expectProblem(await t.request('GET', `${ws()}?cursor=${'a'.repeat(600)}`, { apiKey }), 400);
  });

  it('answers a text/plain body on a JSON POST with a 4xx problem', async () => {
    const res = await t.request('POST', ws(), { apiKey }, JSON.stringify({ name: 'plain' }), { 'content-type': 'text/plain' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectProblem(res, res.statusCode);
    const xml = await t.request('POST', ws(), { apiKey }, '<name>x</name>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBeGreaterThanOrEqual(400);
    expect(xml.statusCode).toBeLessThan(500);
    expectProblem(xml, xml.statusCode);
  });

  it('answers a NUL character in any JSON string with 400 request.invalid_character, never a database error', async () => {
    for (const body of ['{"name":"a\\u0000b"}', '{"name":"ok","extra":{"deep":"x\\u0000"}}', '{"name":"a\u0000b"}']) {
      expectProblem(
        await t.request('POST', ws(), { apiKey }, body, { 'content-type': 'application/json' }),
        400,
        'request.invalid_character',
      );
    }
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, { name: 'x\u0000y' }),
      400,
      'request.invalid_character',
    );
    // A NUL in the query string reaches a filter, not PostgreSQL.
    const res = await t.request('GET', `/v1/organizations/${orgId}/audit-logs?action=a%00b`, { apiKey });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('answers JSON nested 5,000 levels deep (10 KB) with 400 request.too_deep', async () => {
    const deep = `{"name":"x","settings":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expectProblem(await t.request('POST', ws(), { apiKey }, deep, { 'content-type': 'application/json' }), 400, 'request.too_deep');
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, `{"settings":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, {
        'content-type': 'application/json',
      }),
      400,
      'request.too_deep',
    );
    // Brackets inside strings are text, not nesting: this body gets past the depth check to validation.
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${wsId}`, { apiKey }, { name: '[[[[[{{{{{'.repeat(10), unknown: 1 }),
      400,
      'validation.failed',
    );
  });

  it('answers null for a field that cannot be null with 400 validation.failed, not a 500', async () => {
    const org = expectProblem(await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, { name: null }), 400, 'validation.failed');
    expect(org.errors.map((e: { path: string }) => e.path)).toContain('name');
    expectProblem(
      await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${wsId}`, { apiKey }, { name: null }),
      400,
      'validation.failed',
    );
    expectProblem(
      await t.request('POST', `/v1/organizations/${orgId}/api-keys`, { apiKey }, { name: 'k', scopes: ['calls:read'], expiresAt: null }),
      400,
      'validation.failed',
    );
    // null where the contract allows it still works: it removes the domain.
    const cleared = await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, { domain: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().domain).toBeNull();
  });

  it('checks every field that is sent, even one an alternative makes optional (found by fuzzing: a 500 before)', async () => {
    const res = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { apiKey },
      { userId: {}, email: 'x'.repeat(400), role: 'member' },
    );
    const body = expectProblem(res, 400, 'validation.failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(expect.arrayContaining(['email', 'userId']));
  });

  it('answers oversized request headers with a 431 problem, over a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as { port: number };
    const { request } = await import('node:http');
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/health/live', headers: { 'x-padding': 'a'.repeat(64 * 1024) } }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toEqual(
      expect.objectContaining({ status: 431, code: 'request.headers_too_large', requestId: expect.any(String) }),
    );
  });

  it('leaves the workspaces untouched', async () => {
    const list = await t.request('GET', `${ws()}?limit=100`, { apiKey });
    expect(
      list
        .json()
        .data.map((w: { name: string }) => w.name)
        .sort(),
    ).toEqual(['one', 'three', 'two']);
    expect(await counts()).toEqual(before);
  });
});
