import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { Logger } from '@nestjs/common';
import type { Clock } from '@domain/shared/clock';
import { signToken, startTestApp, type TestApp } from '../support/test-app';
import { TEST_JWT_SECRET } from '../support/test-environment';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A key in the right format with a valid checksum, that was never issued. */
function wellFormedKey(): string {
  let random = '';
  while (random.length < 32) random += ALPHABET[Math.floor(Math.random() * 62)];
  const body = `sb_live_${random}`;
  let n = crc32(body) >>> 0;
  let sum = '';
  for (let i = 0; i < 6; i++) {
    sum = ALPHABET[n % 62] + sum;
    n = Math.floor(n / 62);
  }
  return `${body}_${sum}`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const YEAR = 365 * 86_400;

/** An HS256 user token whose iat and nbf are this many seconds from now. */
function signAt(sub: string, offsets: { iat?: number; nbf?: number }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setAudience('authenticated')
    .setIssuedAt(now + (offsets.iat ?? 0))
    .setExpirationTime(now + (offsets.iat ?? 0) + 3600);
  if (offsets.nbf !== undefined) jwt.setNotBefore(now + offsets.nbf);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string | string[]): void {
  expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  const body = res.json();
  expect(Array.isArray(code) ? code : [code]).toContain(body.code);
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

describe('authentication', () => {
  let t: TestApp;
  let orgId: string;
  let apiKey: string;
  let ownerToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await t.organization('Auth Co');
    orgId = org.orgId;
    apiKey = org.apiKey;
    ownerToken = org.owner.token;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('bearer tokens', () => {
    type Case = { name: string; sub: string; header: () => Promise<string>; codes: string[] };
    const sub = () => randomUUID();
    const cases: Array<(s: string) => Omit<Case, 'sub'>> = [
      (s) => ({
        name: 'forged (another project secret)',
        header: async () => `Bearer ${await signToken({ sub: s }, { secret: 'another-projects-secret-0123456789abcdefghij' })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'expired',
        header: async () => `Bearer ${await signToken({ sub: s }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })}`,
        codes: ['auth.token_expired'],
      }),
      (s) => ({
        name: 'wrong audience',
        header: async () => `Bearer ${await signToken({ sub: s }, { audience: 'anon' })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'alg none',
        header: async () => {
          const now = Math.floor(Date.now() / 1000);
          return `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: s, aud: 'authenticated', role: 'authenticated', iat: now, exp: now + 3600 })}.`;
        },
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'HS256 header but signature stripped',
        header: async () => {
          const [h, p] = (await signToken({ sub: s })).split('.');
          return `Bearer ${h}.${p}.`;
        },
        codes: ['auth.invalid_token'],
      }),
      () => ({ name: 'no sub', header: async () => `Bearer ${await signToken({})}`, codes: ['auth.invalid_token'] }),
      () => ({ name: 'sub not a uuid', header: async () => `Bearer ${await signToken({ sub: 'admin' })}`, codes: ['auth.invalid_token'] }),
      (s) => ({
        name: 'malformed header (Token scheme)',
        header: async () => `Token ${await signToken({ sub: s })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'malformed header (no scheme)',
        header: async () => `${await signToken({ sub: s })}`,
        codes: ['auth.invalid_token'],
      }),
      () => ({ name: 'empty Bearer', header: async () => 'Bearer ', codes: ['auth.invalid_token'] }),
      () => ({ name: 'garbage bearer', header: async () => 'Bearer not.a.jwt', codes: ['auth.invalid_token'] }),
      () => ({ name: 'garbage bearer (random text)', header: async () => 'Bearer abcdefghijklmnop', codes: ['auth.invalid_token'] }),
      // Supabase signs its API keys with the project secret too: they are not users.
      (s) => ({
        name: 'role anon',
        header: async () => `Bearer ${await signToken({ sub: s, role: 'anon' })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'role service_role',
        header: async () => `Bearer ${await signToken({ sub: s, role: 'service_role' })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'role missing',
        header: async () => `Bearer ${await signToken({ sub: s, role: undefined })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'iat a year in the future',
        header: async () => `Bearer ${await signAt(s, { iat: YEAR })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'iat ten minutes in the future',
        header: async () => `Bearer ${await signAt(s, { iat: 600 })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'nbf ten minutes in the future',
        header: async () => `Bearer ${await signAt(s, { nbf: 600 })}`,
        codes: ['auth.invalid_token'],
      }),
      (s) => ({
        name: 'anonymous sign-in (is_anonymous)',
        header: async () => `Bearer ${await signToken({ sub: s, is_anonymous: true })}`,
        codes: ['auth.invalid_token'],
      }),
    ];

    for (const make of cases) {
      const s = sub();
      const c = make(s);
      for (const target of ['/v1/me', 'org'] as const) {
        it(`refuses a ${c.name} token on ${target === 'org' ? 'GET /v1/organizations/{orgId}' : 'GET /v1/me'} with 401 and creates no profile`, async () => {
          const url = target === 'org' ? `/v1/organizations/${orgId}` : '/v1/me';
          const profilesBefore = (await t.rows('select count(*)::int as n from profiles'))[0]!.n;
          const res = await t.request('GET', url, null, undefined, { authorization: await c.header() });
          expectProblem(res, 401, c.codes);
          expect(await t.rows('select id from profiles where id::text = $1', [s])).toHaveLength(0);
          expect((await t.rows('select count(*)::int as n from profiles'))[0]!.n).toBe(profilesBefore);
        });
      }
    }

    it('accepts a valid token (control)', async () => {
      const id = randomUUID();
      const token = await signToken({ sub: id, email: 'ok@example.test' });
      expect((await t.request('GET', '/v1/me', { token })).statusCode).toBe(200);
      expect((await t.request('GET', `/v1/organizations/${orgId}`, { token: ownerToken })).statusCode).toBe(200);
      expect(await t.rows('select id from profiles where id = $1', [id])).toHaveLength(1);
    });

    it('accepts iat and nbf a few seconds ahead of our clock (clock skew)', async () => {
      const id = randomUUID();
      const token = await signAt(id, { iat: 30, nbf: 30 });
      expect((await t.request('GET', '/v1/me', { token })).statusCode).toBe(200);
    });

    it('accepts a token that says is_anonymous: false', async () => {
      const token = await signToken({ sub: randomUUID(), is_anonymous: false });
      expect((await t.request('GET', '/v1/me', { token })).statusCode).toBe(200);
    });

    it('uses the test secret for signToken (sanity)', () => {
      expect(TEST_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    });
  });

  describe('API keys', () => {
    const url = () => `/v1/organizations/${orgId}`;

    it('refuses a mistyped key (checksum fails) with auth.invalid_api_key', async () => {
      const i = 12; // inside the random part
      const swapped = apiKey[i] === 'A' ? 'B' : 'A';
      const typo = `${apiKey.slice(0, i)}${swapped}${apiKey.slice(i + 1)}`;
      expectProblem(await t.request('GET', url(), { apiKey: typo }), 401, 'auth.invalid_api_key');
      expectProblem(await t.request('GET', url(), { apiKey: 'sb_live_short' }), 401, 'auth.invalid_api_key');
    });

    it('refuses a well-formed key that was never issued', async () => {
      expectProblem(await t.request('GET', url(), { apiKey: wellFormedKey() }), 401, 'auth.invalid_api_key');
      expectProblem(await t.request('GET', '/v1/me', { apiKey: wellFormedKey() }), 401, 'auth.invalid_api_key');
    });

    it('refuses a revoked key with auth.api_key_revoked', async () => {
      const created = await t.request(
        'POST',
        `/v1/organizations/${orgId}/api-keys`,
        { token: ownerToken },
        { name: 'to revoke', scopes: ['organizations:read'] },
      );
      expect(created.statusCode).toBe(201);
      const { key, id } = created.json();
      expect((await t.request('GET', url(), { apiKey: key })).statusCode).toBe(200);
      expect((await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/${id}`, { token: ownerToken })).statusCode).toBe(204);
      expectProblem(await t.request('GET', url(), { apiKey: key }), 401, 'auth.api_key_revoked');
    });

    it('refuses an expired key with auth.api_key_expired', async () => {
      const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString();
      const created = await t.request(
        'POST',
        `/v1/organizations/${orgId}/api-keys`,
        { token: ownerToken },
        { name: 'short lived', scopes: ['organizations:read'], expiresAt },
      );
      expect(created.statusCode).toBe(201);
      const { key, id } = created.json();
      expect((await t.request('GET', url(), { apiKey: key })).statusCode).toBe(200);
      await t.rows(`update api_keys set expires_at = now() - interval '1 second' where id = $1`, [id]);
      expectProblem(await t.request('GET', url(), { apiKey: key }), 401, 'auth.api_key_expired');
    });

    it('refuses both credentials at once with 400', async () => {
      const res = await t.request('GET', url(), null, undefined, { authorization: `Bearer ${ownerToken}`, 'x-api-key': apiKey });
      expectProblem(res, 400, 'auth.ambiguous');
    });

    it('refuses no credentials with 401 auth.required', async () => {
      expectProblem(await t.request('GET', url(), null), 401, 'auth.required');
      expectProblem(await t.request('GET', '/v1/me', null), 401, 'auth.required');
    });
  });
});

describe('authentication through a JWKS (ES256, RS256)', () => {
  let t: TestApp;
  let server: Server;
  let jwks: { keys: JWK[] } = { keys: [] };
  let es: Awaited<ReturnType<typeof generateKeyPair>>;
  let rs: Awaited<ReturnType<typeof generateKeyPair>>;
  let orgId: string;
  let ownerToken: string;

  beforeAll(async () => {
    es = await generateKeyPair('ES256');
    rs = await generateKeyPair('RS256');
    jwks = {
      keys: [
        { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
        { ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
      ],
    };
    server = createServer((req, res) => {
      if (req.url === '/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(jwks));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestApp({ env: { SUPABASE_JWKS_URL: `http://127.0.0.1:${port}/jwks` } });
    const org = await t.organization('Jwks Co');
    orgId = org.orgId;
    ownerToken = org.owner.token;
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  const sign = (alg: 'ES256' | 'RS256', kid: string, key: Parameters<SignJWT['sign']>[0], sub: string) =>
    new SignJWT({ role: 'authenticated', email: `${sub.slice(0, 8)}@jwks.test` })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setSubject(sub)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);

  it('accepts an ES256 token signed with the published key', async () => {
    const sub = randomUUID();
    const res = await t.request('GET', '/v1/me', { token: await sign('ES256', 'es-1', es.privateKey, sub) });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(sub);
  });

  it('refuses an ES256 token signed by another key with the same kid, creating no profile', async () => {
    const other = await generateKeyPair('ES256');
    const sub = randomUUID();
    const res = await t.request('GET', '/v1/me', { token: await sign('ES256', 'es-1', other.privateKey, sub) });
    expectProblem(res, 401, 'auth.invalid_token');
    expect(await t.rows('select id from profiles where id = $1', [sub])).toHaveLength(0);
    const org = await t.request('GET', `/v1/organizations/${orgId}`, {
      token: await sign('ES256', 'es-1', other.privateKey, randomUUID()),
    });
    expectProblem(org, 401, 'auth.invalid_token');
  });

  it('accepts an RS256 token signed with the published key', async () => {
    const sub = randomUUID();
    const res = await t.request('GET', '/v1/me', { token: await sign('RS256', 'rs-1', rs.privateKey, sub) });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(sub);
  });

  it('refuses an unknown kid', async () => {
    const sub = randomUUID();
    const res = await t.request('GET', '/v1/me', { token: await sign('ES256', 'nope', es.privateKey, sub) });
    expectProblem(res, 401, 'auth.invalid_token');
    expect(await t.rows('select id from profiles where id = $1', [sub])).toHaveLength(0);
  });

  it('still accepts HS256 tokens from the project secret alongside the JWKS', async () => {
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { token: ownerToken })).statusCode).toBe(200);
  });
});

describe('anonymous sign-ins with ALLOW_ANONYMOUS_USERS=true', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOW_ANONYMOUS_USERS: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts an anonymous user', async () => {
    const sub = randomUUID();
    const token = await signToken({ sub, is_anonymous: true });
    const me = await t.request('GET', '/v1/me', { token });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(sub);
  });

  it('still refuses anon and service_role tokens', async () => {
    expectProblem(
      await t.request('GET', '/v1/me', { token: await signToken({ sub: randomUUID(), role: 'anon', is_anonymous: true }) }),
      401,
      'auth.invalid_token',
    );
    expectProblem(
      await t.request('GET', '/v1/me', { token: await signToken({ sub: randomUUID(), role: 'service_role' }) }),
      401,
      'auth.invalid_token',
    );
  });
});

/** A clock a test can move forward: the verifier's JWKS cache, cooldown and back-off follow it. */
class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

describe('a JWKS that fails', () => {
  type Mode = 'ok' | '500' | 'down';
  let t: TestApp;
  let server: Server;
  let mode: Mode = '500';
  let hits = 0;
  let published: JWK[] = [];
  let oldKey: Awaited<ReturnType<typeof generateKeyPair>>;
  let newKey: Awaited<ReturnType<typeof generateKeyPair>>;
  const clock = new MovableClock();
  const warnings: string[] = [];
  let warn: jest.SpyInstance;

  const sign = (kid: string, key: Parameters<SignJWT['sign']>[0], sub = randomUUID()) =>
    new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(sub)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  const me = async (kid: 'old' | 'new', key: Parameters<SignJWT['sign']>[0]) => t.request('GET', '/v1/me', { token: await sign(kid, key) });

  /** Retry-After, checked: whole seconds, at least 1, at most a minute. */
  const expectUnavailable = (res: LightMyRequestResponse): number => {
    expectProblem(res, 503, 'auth.jwks_unavailable');
    const retryAfter = Number(res.headers['retry-after']);
    expect({ retryAfter, valid: Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60 }).toEqual({ retryAfter, valid: true });
    return retryAfter;
  };
  /** Lets the JWKS fetch that a request started in the background land. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  beforeAll(async () => {
    // The service logs through Nest's Logger: collect its warnings.
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(JSON.stringify(args));
    });
    oldKey = await generateKeyPair('ES256');
    newKey = await generateKeyPair('ES256');
    published = [{ ...(await exportJWK(oldKey.publicKey)), kid: 'old', alg: 'ES256', use: 'sig' }];
    server = createServer((req, res) => {
      if (req.url !== '/jwks') {
        res.writeHead(404);
        res.end();
        return;
      }
      hits += 1;
      if (mode === 'down') {
        req.socket.destroy();
      } else if (mode === '500') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('upstream exploded');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: published }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestApp({ clock, env: { SUPABASE_JWKS_URL: `http://127.0.0.1:${port}/jwks` } });
  });
  afterAll(async () => {
    warn?.mockRestore();
    await t?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('answers 503 auth.jwks_unavailable with Retry-After and a warning when the JWKS answers 500, without refetching on every request', async () => {
    mode = '500';
    const first = await me('old', oldKey.privateKey);
    expectUnavailable(first);
    expect(hits).toBe(1);
    expect(warnings.filter((w) => /jwks/i.test(w)).length).toBeGreaterThanOrEqual(1);

    // A burst while it keeps failing: no fetch per request (one more at most, should the back-off end meanwhile).
    const burst = await Promise.all(Array.from({ length: 30 }, () => me('old', oldKey.privateKey)));
    for (const res of burst) expectUnavailable(res);
    expect(hits).toBeLessThanOrEqual(2);
  });

  it('backs off longer after each failed attempt, then recovers when the JWKS answers again', async () => {
    let retryAfter = expectUnavailable(await me('old', oldKey.privateKey));
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(retryAfter);
      const before = hits;
      retryAfter = expectUnavailable(await me('old', oldKey.privateKey));
      expect(hits).toBe(before + 1);
      delays.push(retryAfter);
    }
    expect(delays[2]).toBeGreaterThan(delays[0]!);

    mode = 'ok';
    clock.advance(retryAfter);
    expect((await me('old', oldKey.privateKey)).statusCode).toBe(200);
  });

  it('keeps verifying tokens of a known key with the cached keys while the JWKS answers 500 or is down', async () => {
    for (const failure of ['500', 'down'] as const) {
      mode = failure;
      // Past the cooldown, a key id it does not know makes it ask the JWKS: that fails, and says so.
      clock.advance(31);
      const before = hits;
      const retryAfter = expectUnavailable(await me('new', newKey.privateKey));
      expect(hits).toBe(before + 1);
      for (let i = 0; i < 10; i++) {
        expect((await me('old', oldKey.privateKey)).statusCode).toBe(200);
        expectUnavailable(await me('new', newKey.privateKey));
      }
      expect(hits - before).toBeLessThanOrEqual(2);
      clock.advance(retryAfter);
    }
  });

  it('keeps the cached keys past their age while the refresh fails', async () => {
    mode = '500';
    clock.advance(11 * 60);
    const before = hits;
    for (let i = 0; i < 10; i++) expect((await me('old', oldKey.privateKey)).statusCode).toBe(200);
    await settle();
    expect(hits - before).toBeGreaterThanOrEqual(1);
    expect(hits - before).toBeLessThanOrEqual(2);
  });

  it('picks up a rotated key once the JWKS is back', async () => {
    published = [...published, { ...(await exportJWK(newKey.publicKey)), kid: 'new', alg: 'ES256', use: 'sig' }];
    mode = 'ok';
    clock.advance(61);
    expect((await me('new', newKey.privateKey)).statusCode).toBe(200);
    expect((await me('old', oldKey.privateKey)).statusCode).toBe(200);
  });

  it('still tells a forged token from an outage: a key id the healthy JWKS does not have is 401', async () => {
    mode = 'ok';
    const other = await generateKeyPair('ES256');
    expectProblem(await t.request('GET', '/v1/me', { token: await sign('old', other.privateKey) }), 401, 'auth.invalid_token');
    clock.advance(31);
    expectProblem(await t.request('GET', '/v1/me', { token: await sign('unknown', other.privateKey) }), 401, 'auth.invalid_token');
  });
});
