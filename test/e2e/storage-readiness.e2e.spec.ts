import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import { AppConfig, loadConfig } from '@infrastructure/config/app-config';
import { StorageConfigurationError, SupabaseObjectStorage } from '@infrastructure/storage/supabase.storage';
import { FakeSupabaseStorage } from '../fakes/fake-supabase-storage';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ENCRYPTION_KEY, TMP_DIR } from '../support/test-environment';

/**
 * Storage's configuration is checked with Storage itself: at start-up (a wrong key or a
 * missing bucket stops the service) and by the readiness probe (storage down until it answers).
 */

describe('object storage at start-up and in /health/ready (Supabase Storage)', () => {
  let fake: FakeSupabaseStorage;
  let t: TestApp;
  let startRequests: FakeSupabaseStorage['requests'];

  beforeAll(async () => {
    fake = await FakeSupabaseStorage.start();
    t = await startTestApp({ env: { SUPABASE_URL: fake.url, SUPABASE_SERVICE_ROLE_KEY: fake.serviceKey, STORAGE_BUCKET: fake.bucket } });
    startRequests = [...fake.requests];
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('checks the bucket with the service key while starting (then, in the background, lists staged uploads to sweep)', () => {
    expect(t.app.get(ObjectStorage)).toBeInstanceOf(SupabaseObjectStorage);
    const seen = startRequests.map((r) => [r.method, r.path, r.authorized, r.status]);
    expect(seen[0]).toEqual(['GET', '/bucket/recordings', true, 200]);
    expect(seen.slice(1).filter((r) => r[1] !== '/object/list/recordings')).toEqual([]);
  });

  it('reports storage in /health/ready: up while the bucket answers, down (the reason logged) when it does not', async () => {
    const up = await t.request('GET', '/health/ready', null);
    expect(up.statusCode).toBe(200);
    expect(up.json().info.storage).toMatchObject({ status: 'up' });

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    fake.deleteBucket('recordings');
    try {
      const down = await t.request('GET', '/health/ready', null);
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ code: 'service.not_ready', detail: 'Not ready: storage down' });
      expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      // The public answer names what is down, never the bucket or the key.
      expect(down.body).not.toContain('recordings');
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringMatching(/^Not ready: storage: Supabase Storage: bucket "recordings" not found/),
      ]);
    } finally {
      warn.mockRestore();
      fake.createBucket('recordings');
    }
    expect((await t.request('GET', '/health/ready', null)).statusCode).toBe(200);
  });
});

describe('object storage in /health/ready (local disk)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the objects directory as storage', async () => {
    const ready = await t.request('GET', '/health/ready', null);
    expect(ready.statusCode).toBe(200);
    expect(ready.json().info.storage).toMatchObject({ status: 'up' });
  });
});

describe('a Supabase Storage misconfiguration stops the start', () => {
  let fake: FakeSupabaseStorage;
  beforeAll(async () => {
    fake = await FakeSupabaseStorage.start();
  });
  afterAll(async () => {
    await fake?.stop();
  });

  /** ObjectStorage provided as the recording module provides it, initialised as Nest does at start-up. */
  async function start(env: Record<string, string>) {
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: fake.url,
      SUPABASE_SERVICE_ROLE_KEY: fake.serviceKey,
      ...env,
    });
    @Module({
      providers: [
        { provide: AppConfig, useValue: config },
        {
          provide: ObjectStorage,
          inject: [AppConfig],
          useFactory: (c: AppConfig): ObjectStorage => new SupabaseObjectStorage(c, { requestTimeoutMs: 1_000 }),
        },
      ],
    })
    class StorageOnlyModule {}
    return NestFactory.createApplicationContext(StorageOnlyModule, { logger: false, abortOnError: false });
  }

  it.each([
    [
      'a key signed with another secret',
      () => ({ SUPABASE_SERVICE_ROLE_KEY: fake.keySignedWithAnotherSecret() }),
      /refused SUPABASE_SERVICE_ROLE_KEY \(signature verification failed\)/,
    ],
    ['the anon key', () => ({ SUPABASE_SERVICE_ROLE_KEY: fake.anonKey }), /a key of the "anon" role, not the service role key/],
    ['a missing bucket', () => ({ STORAGE_BUCKET: 'no-such-bucket' }), /bucket "no-such-bucket" not found \(the key sees "recordings"\)/],
  ])('refuses to start with %s', async (_what, env, message) => {
    const error = await start(env()).then(
      async (app) => {
        await app.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('starts when Storage does not answer yet (readiness reports it), and with the right key and bucket', async () => {
    const down = await FakeSupabaseStorage.start();
    await down.stop();
    const app = await start({ SUPABASE_URL: down.url, SUPABASE_SERVICE_ROLE_KEY: down.serviceKey });
    await app.close();
    const ok = await start({});
    await ok.close();
  });
});
