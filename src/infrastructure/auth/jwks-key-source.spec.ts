import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { DEFAULT_JWKS_OPTIONS, JwksKeySource, JwksUnavailableError } from './jwks-key-source';

describe('JwksKeySource', () => {
  let server: Server;
  let url: URL;
  let answer: 'ok' | 'fail' = 'ok';
  let hits = 0;
  let keys: JWK[] = [];
  let now = 1_000_000;
  const failures: { failures: number; retryInMs: number; haveKeys: boolean }[] = [];
  let first: Awaited<ReturnType<typeof generateKeyPair>>;
  let second: Awaited<ReturnType<typeof generateKeyPair>>;

  const source = () =>
    new JwksKeySource(url, {
      ...DEFAULT_JWKS_OPTIONS,
      now: () => now,
      onFetchFailed: ({ failures: n, retryInMs, haveKeys }) => failures.push({ failures: n, retryInMs, haveKeys }),
    });
  const token = (kid: string, key: Awaited<ReturnType<typeof generateKeyPair>>) =>
    new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setIssuedAt().setExpirationTime('1h').sign(key.privateKey);
  const verify = async (s: JwksKeySource, kid: string, key: Awaited<ReturnType<typeof generateKeyPair>>) =>
    jwtVerify(await token(kid, key), s.getKey);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeAll(async () => {
    first = await generateKeyPair('ES256');
    second = await generateKeyPair('ES256');
    server = createServer((_req, res) => {
      hits += 1;
      if (answer === 'fail') {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(async () => {
    answer = 'ok';
    hits = 0;
    now = 1_000_000;
    failures.length = 0;
    keys = [{ ...(await exportJWK(first.publicKey)), kid: 'one', alg: 'ES256' }];
  });

  it('fetches once for many tokens while the keys are fresh', async () => {
    const s = source();
    await Promise.all(Array.from({ length: 5 }, () => verify(s, 'one', first)));
    await verify(s, 'one', first);
    expect(hits).toBe(1);
  });

  it('without keys, says how long to wait, and backs off: 1 s, 2 s, 4 s... up to a minute', async () => {
    answer = 'fail';
    const s = source();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const error = await verify(s, 'one', first).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JwksUnavailableError);
      waits.push((error as JwksUnavailableError).retryAfterSeconds);
      // Asking again at once fetches nothing.
      await expect(verify(s, 'one', first)).rejects.toBeInstanceOf(JwksUnavailableError);
      now += (error as JwksUnavailableError).retryAfterSeconds * 1000;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(hits).toBe(8);
    expect(failures.map((f) => f.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    answer = 'ok';
    await verify(s, 'one', first);
    // Back to normal: a new failure starts the back-off from the beginning.
    answer = 'fail';
    now += DEFAULT_JWKS_OPTIONS.cooldownMs;
    const error = await verify(s, 'unknown', second).catch((e: unknown) => e);
    expect((error as JwksUnavailableError).retryAfterSeconds).toBe(1);
  });

  it('keeps answering with cached keys past their age while the refresh fails, refreshing in the background', async () => {
    const s = source();
    await verify(s, 'one', first);
    answer = 'fail';
    now += DEFAULT_JWKS_OPTIONS.cacheMaxAgeMs + 1;
    for (let i = 0; i < 5; i++) await verify(s, 'one', first);
    await settle();
    expect(hits).toBe(2);
    expect(failures).toEqual([{ failures: 1, retryInMs: 1000, haveKeys: true }]);

    answer = 'ok';
    keys = [...keys, { ...(await exportJWK(second.publicKey)), kid: 'two', alg: 'ES256' }];
    now += 1000;
    await verify(s, 'one', first);
    await settle();
    expect(hits).toBe(3);
    // The refreshed set is in use (within the cooldown, an unknown kid would not fetch again).
    await verify(s, 'two', second);
    expect(hits).toBe(3);
  });

  it('fetches again for an unknown key id only after the cooldown, and tells an outage from a forgery', async () => {
    const s = source();
    await verify(s, 'one', first);
    await expect(verify(s, 'two', second)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(hits).toBe(1);

    now += DEFAULT_JWKS_OPTIONS.cooldownMs;
    answer = 'fail';
    await expect(verify(s, 'two', second)).rejects.toBeInstanceOf(JwksUnavailableError);
    await expect(verify(s, 'two', second)).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(hits).toBe(2);
    // Known keys are not affected.
    await verify(s, 'one', first);

    answer = 'ok';
    keys = [...keys, { ...(await exportJWK(second.publicKey)), kid: 'two', alg: 'ES256' }];
    now += 1000;
    await verify(s, 'two', second);
    expect(hits).toBe(3);
  });

  it('counts an answer that is not a key set as a failure', async () => {
    keys = 'nope' as unknown as JWK[];
    const s = source();
    await expect(verify(s, 'one', first)).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(failures).toHaveLength(1);
  });
});
