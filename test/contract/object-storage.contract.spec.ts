import { createHash, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Module, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock } from '@domain/shared/clock';
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  ObjectStorage,
  StorageUnavailableError,
} from '@domain/recording/ports/object-storage.port';
import { AppConfig, loadConfig } from '@infrastructure/config/app-config';
import { ProblemFilter } from '@infrastructure/http/problem.filter';
import { LocalDiskObjectStorage, verifyLocalSignedUrl } from '@infrastructure/storage/local-disk.storage';
import { LocalObjectController } from '@infrastructure/storage/local-object.controller';
import {
  StorageConfigurationError,
  StorageObjectTooLargeError,
  SupabaseObjectStorage,
  type SupabaseStorageOptions,
} from '@infrastructure/storage/supabase.storage';
import { FakeSupabaseStorage } from '../fakes/fake-supabase-storage';
import { TEST_ENCRYPTION_KEY, TMP_DIR } from '../support/test-environment';

/**
 * One contract for every ObjectStorage adapter: the local disk (served over HTTP by
 * LocalObjectController in a minimal Nest app) and Supabase Storage (against the fake, which
 * answers as the real server does, see docs/storage.md).
 */

const MB = 1024 * 1024;
const PUBLIC_BASE_URL = 'https://switchboard.test';

// ------------------------------------------------------------------ helpers

/** A generated stream of `size` bytes in 64 KiB chunks, hashed as it is produced. */
function generated(size: number, seed = 1): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  let index = 0;
  const stream = new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(64 * 1024, size - produced);
      const chunk = Buffer.allocUnsafe(length).fill((seed * 31 + index) & 0xff);
      if (length >= 4) chunk.writeUInt32BE(index >>> 0, 0);
      index += 1;
      produced += length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function hashOf(body: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

class TestClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

interface Subject {
  name: string;
  storage: ObjectStorage;
  /** GETs a signed URL over HTTP. */
  fetchSigned(url: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** The same URL with its signature or token altered. */
  tamper(url: string): string;
  /** Moves the clock that signed URLs expire by. */
  advanceClock(seconds: number): void;
  /** How this store refuses an expired or tampered URL. */
  expectRefused(answer: HttpAnswer, why: 'expired' | 'tampered'): void;
  close(): Promise<void>;
}

// ----------------------------------------------------------------- subjects

interface LocalSubject extends Subject {
  local: LocalDiskObjectStorage;
  dataDir: string;
  config: AppConfig;
  clock: TestClock;
  app: INestApplication;
  baseUrl: string;
}

async function localSubject(): Promise<LocalSubject> {
  const dataDir = mkdtempSync(path.join(TMP_DIR, 'objects-contract-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL,
  });
  const clock = new TestClock();

  @Module({
    controllers: [LocalObjectController],
    providers: [
      { provide: AppConfig, useValue: config },
      { provide: Clock, useValue: clock },
      LocalDiskObjectStorage,
      { provide: ObjectStorage, useExisting: LocalDiskObjectStorage },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  })
  class LocalStorageTestModule {}

  // The same router options as createApp.
  const adapter = new FastifyAdapter({ routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true } });
  const app = await NestFactory.create<NestFastifyApplication>(LocalStorageTestModule, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const local = app.get(LocalDiskObjectStorage);
  return {
    name: 'local disk',
    storage: app.get(ObjectStorage),
    local,
    dataDir,
    config,
    clock,
    app,
    baseUrl,
    fetchSigned(url, headers) {
      expect(url.startsWith(`${PUBLIC_BASE_URL}/storage/objects/`)).toBe(true);
      // PUBLIC_BASE_URL is where a proxy would forward from; here the app listens directly.
      return httpGet(url.replace(PUBLIC_BASE_URL, baseUrl), headers);
    },
    tamper(url) {
      const u = new URL(url);
      const signature = u.searchParams.get('signature')!;
      u.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
      return u.toString();
    },
    advanceClock(seconds) {
      clock.offsetMs += seconds * 1000;
    },
    expectRefused(answer, why) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(answer.body.toString()).code).toBe(why === 'expired' ? 'storage.url_expired' : 'storage.invalid_signature');
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface SupabaseSubject extends Subject {
  fake: FakeSupabaseStorage;
  supabase: SupabaseObjectStorage;
}

async function supabaseSubject(options: { requestTimeoutMs?: number; streamIdleTimeoutMs?: number } = {}): Promise<SupabaseSubject> {
  const fake = await FakeSupabaseStorage.start({
    buckets: { recordings: {}, 'audio-only': { allowedMimeTypes: ['audio/*'] }, small: { fileSizeLimit: MB } },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    DATA_DIR: TMP_DIR,
    PUBLIC_BASE_URL,
    SUPABASE_URL: fake.url,
    SUPABASE_SERVICE_ROLE_KEY: fake.serviceKey,
    STORAGE_BUCKET: 'recordings',
  });
  const supabase = new SupabaseObjectStorage(config, {
    requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 5_000,
  });
  return {
    name: 'Supabase Storage',
    storage: supabase,
    supabase,
    fake,
    fetchSigned: (url, headers) => {
      expect(url.startsWith(`${fake.url}/storage/v1/object/sign/recordings/`)).toBe(true);
      return httpGet(url, headers);
    },
    tamper(url) {
      const u = new URL(url);
      const token = u.searchParams.get('token')!;
      const [head, body, signature] = token.split('.') as [string, string, string];
      u.searchParams.set('token', `${head}.${body}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
      return u.toString();
    },
    advanceClock: (seconds) => fake.advanceClock(seconds),
    expectRefused(answer, why) {
      // Storage answers 400 and names the JWT failure (stack.md).
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body.toString())).toEqual({
        statusCode: '400',
        error: 'InvalidJWT',
        message: why === 'expired' ? '"exp" claim timestamp check failed' : 'signature verification failed',
      });
    },
    async close() {
      supabase.onModuleDestroy();
      await fake.stop();
    },
  };
}

// ------------------------------------------------------------------ the contract

const subjects: [string, () => Promise<Subject>][] = [
  ['local disk', localSubject],
  ['Supabase Storage', () => supabaseSubject()],
];

describe.each(subjects)('ObjectStorage contract: %s', (_name, makeSubject) => {
  let subject: Subject;
  let storage: ObjectStorage;
  const org = '0190f1f2-0000-7000-8000-000000000001';
  let n = 0;
  const freshKey = (name = 'call.wav') => `${org}/recordings/${++n}-${name}`;

  beforeAll(async () => {
    subject = await makeSubject();
    storage = subject.storage;
  });
  afterAll(async () => {
    await subject.close();
  });

  async function putBytes(key: string, bytes: Buffer, contentType = 'audio/wav', overwrite = false) {
    return storage.put(key, Readable.from([bytes]), { contentType, overwrite });
  }

  it('streams an upload, hashing and counting it on the way, and gives the same bytes back', async () => {
    const key = freshKey();
    const size = 6 * MB + 123;
    const source = generated(size);
    const stored = await storage.put(key, source.stream, { contentType: 'audio/wav', overwrite: false, expectedSize: size });
    expect(stored).toEqual({ key, size, sha256: source.sha256(), contentType: 'audio/wav' });

    const object = await storage.get(key);
    expect(object.size).toBe(size);
    expect(object.contentType).toBe('audio/wav');
    expect(await hashOf(object.body)).toEqual({ sha256: stored.sha256, size });
  });

  it('stores an empty object', async () => {
    const key = freshKey('empty.txt');
    const stored = await putBytes(key, Buffer.alloc(0), 'text/plain');
    expect(stored).toEqual({ key, size: 0, sha256: sha(Buffer.alloc(0)), contentType: 'text/plain' });
    const object = await storage.get(key);
    expect(object.size).toBe(0);
    expect((await collect(object.body)).length).toBe(0);
  });

  it('refuses to replace an object without overwrite, and does not leave the body hanging', async () => {
    const key = freshKey();
    const original = Buffer.from('original bytes');
    await putBytes(key, original);
    const second = generated(2 * MB, 2);
    await expect(storage.put(key, second.stream, { contentType: 'audio/wav', overwrite: false })).rejects.toBeInstanceOf(
      ObjectAlreadyExistsError,
    );
    // Drained or destroyed: either way it settles.
    await finished(second.stream).catch(() => undefined);
    expect(second.stream.readableEnded || second.stream.destroyed).toBe(true);
    expect(await collect((await storage.get(key)).body)).toEqual(original);
  });

  it('replaces an object with overwrite', async () => {
    const key = freshKey();
    await putBytes(key, Buffer.from('first version, longer'));
    const replaced = await putBytes(key, Buffer.from('second'), 'audio/mpeg', true);
    expect(replaced.size).toBe(6);
    expect(await collect((await storage.get(key)).body)).toEqual(Buffer.from('second'));
    expect(await storage.info(key)).toEqual({ key, size: 6, contentType: 'audio/mpeg' });
  });

  it("lets exactly one of concurrent puts without overwrite win, and keeps that one's bytes", async () => {
    const key = freshKey();
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) => storage.put(key, generated(MB + i * 1000, i).stream, { contentType: 'audio/wav', overwrite: false })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<ObjectStorage['put']>>> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ObjectAlreadyExistsError);
    const winner = won[0]!.value;
    expect(await hashOf((await storage.get(key)).body)).toEqual({ sha256: winner.sha256, size: winner.size });
    expect(await storage.info(key)).toEqual({ key, size: winner.size, contentType: 'audio/wav' });
  });

  it('describes an object, and answers null for a missing one', async () => {
    const key = freshKey();
    await putBytes(key, Buffer.alloc(1000, 7), 'audio/x-wav');
    expect(await storage.info(key)).toEqual({ key, size: 1000, contentType: 'audio/x-wav' });
    expect(await storage.info(freshKey('missing.wav'))).toBeNull();
  });

  it('reads byte ranges (inclusive, clamped to the end); a range past the end is a RangeError', async () => {
    const key = freshKey();
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    await putBytes(key, bytes);

    const middle = await storage.get(key, { start: 10, end: 19 });
    expect(middle.size).toBe(10);
    expect(await collect(middle.body)).toEqual(bytes.subarray(10, 20));

    const tail = await storage.get(key, { start: 990 });
    expect(tail.size).toBe(10);
    expect(await collect(tail.body)).toEqual(bytes.subarray(990));

    const clamped = await storage.get(key, { start: 995, end: 5000 });
    expect(await collect(clamped.body)).toEqual(bytes.subarray(995));

    await expect(storage.get(key, { start: 1000 })).rejects.toBeInstanceOf(RangeError);
    await expect(storage.get(key, { start: 20, end: 10 })).rejects.toBeInstanceOf(RangeError);
  });

  it('reports a missing object as ObjectNotFoundError', async () => {
    await expect(storage.get(freshKey('missing.wav'))).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.get(freshKey('missing.wav'), { start: 0, end: 1 })).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.signedUrl(freshKey('missing.wav'), 60)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('signs a URL that anyone can GET over HTTP, with ranges', async () => {
    const key = freshKey('a call (1).wav');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    await putBytes(key, bytes, 'audio/wav');
    const url = await storage.signedUrl(key, 60);

    const whole = await subject.fetchSigned(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.body).toEqual(bytes);

    const part = await subject.fetchSigned(url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(part.body).toEqual(bytes.subarray(100, 200));
  });

  it('refuses a signed URL once it has expired', async () => {
    const key = freshKey();
    await putBytes(key, Buffer.from('expiring'));
    const url = await storage.signedUrl(key, 60);
    expect((await subject.fetchSigned(url)).status).toBe(200);
    subject.advanceClock(61);
    try {
      subject.expectRefused(await subject.fetchSigned(url), 'expired');
    } finally {
      subject.advanceClock(-61);
    }
  });

  it('refuses a signed URL whose signature was altered', async () => {
    const key = freshKey();
    await putBytes(key, Buffer.from('tamper-proof'));
    const url = await storage.signedUrl(key, 60);
    subject.expectRefused(await subject.fetchSigned(subject.tamper(url)), 'tampered');
  });

  it('removes an object; removing a missing one is fine', async () => {
    const key = freshKey();
    await putBytes(key, Buffer.from('short-lived'));
    await storage.remove(key);
    expect(await storage.info(key)).toBeNull();
    await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.remove(key)).resolves.toBeUndefined();
    await expect(storage.remove(freshKey('never-existed.wav'))).resolves.toBeUndefined();
    // The key can be used again.
    await putBytes(key, Buffer.from('again'));
    expect((await storage.info(key))?.size).toBe(5);
  });

  it('fails an upload whose size is not the expected one, and stores nothing', async () => {
    const longer = freshKey();
    await expect(
      storage.put(longer, generated(MB + 1).stream, { contentType: 'audio/wav', overwrite: false, expectedSize: MB }),
    ).rejects.toThrow(/expected/);
    expect(await storage.info(longer)).toBeNull();
    const shorter = freshKey();
    await expect(
      storage.put(shorter, generated(MB - 1).stream, { contentType: 'audio/wav', overwrite: false, expectedSize: MB }),
    ).rejects.toThrow(/expected/);
    expect(await storage.info(shorter)).toBeNull();
  });

  it('fails an upload whose source breaks, with the source error, and stores nothing', async () => {
    const key = freshKey();
    const failure = new Error('source broke');
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= 512 * 1024) {
          this.destroy(failure);
          return;
        }
        sent += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 1));
      },
    });
    await expect(storage.put(key, source, { contentType: 'audio/wav', overwrite: false })).rejects.toBe(failure);
    expect(await storage.info(key)).toBeNull();
  });

  it.each(['', '/abs/key', '../escape', `${org}/../other`, `${org}//double`, `${org}/back\\slash`, `${org}/./dot`, `${org}/x.meta.json`])(
    'refuses the key %j',
    async (key) => {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain', overwrite: true })).rejects.toThrow(
        /Invalid object key/,
      );
      await expect(storage.info(key)).rejects.toThrow(/Invalid object key/);
      await expect(storage.get(key)).rejects.toThrow(/Invalid object key/);
      await expect(storage.signedUrl(key, 60)).rejects.toThrow(/Invalid object key/);
      await expect(storage.remove(key)).rejects.toThrow(/Invalid object key/);
    },
  );
});

// ------------------------------------------------------- local disk specifics

describe('LocalDiskObjectStorage and LocalObjectController', () => {
  let s: LocalSubject;
  const key = '0190f1f2-0000-7000-8000-000000000002/recordings/RE1.wav';
  const bytes = Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 256));

  beforeAll(async () => {
    s = await localSubject();
    await s.storage.put(key, Readable.from([bytes]), { contentType: 'audio/wav', overwrite: false });
  });
  afterAll(async () => {
    await s.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => httpGet(`${s.baseUrl}${url}`, headers);
  const problemCode = (answer: HttpAnswer) => JSON.parse(answer.body.toString()).code as string;
  const signedPath = async (k = key) => (await s.storage.signedUrl(k, 300)).slice(PUBLIC_BASE_URL.length);

  it('keeps objects under DATA_DIR/objects/<key>, with a content-type sidecar and no temporary files', () => {
    const dir = path.join(s.dataDir, 'objects', ...key.split('/').slice(0, -1));
    expect(readdirSync(dir).sort()).toEqual(['RE1.wav', 'RE1.wav.meta.json']);
  });

  it('leaves no temporary file behind when an upload fails', async () => {
    const failing = '0190f1f2-0000-7000-8000-000000000002/recordings/RE2.wav';
    const source = new Readable({
      read() {
        this.destroy(new Error('broken'));
      },
    });
    await expect(s.storage.put(failing, source, { contentType: 'audio/wav', overwrite: true })).rejects.toThrow('broken');
    const dir = path.join(s.dataDir, 'objects', ...key.split('/').slice(0, -1));
    expect(readdirSync(dir).sort()).toEqual(['RE1.wav', 'RE1.wav.meta.json']);
  });

  it('lets only one of two concurrent uploads without overwrite win', async () => {
    const contested = '0190f1f2-0000-7000-8000-000000000002/recordings/contested.wav';
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) => s.storage.put(contested, generated(MB, i).stream, { contentType: 'audio/wav', overwrite: false })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ObjectAlreadyExistsError);
  });

  it('signs URLs as PUBLIC_BASE_URL/storage/objects/<key>?expires=<unix>&signature=<hmac>', async () => {
    const url = new URL(await s.storage.signedUrl(key, 300));
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_BASE_URL}/storage/objects/${key}`);
    const expires = url.searchParams.get('expires')!;
    expect(Number(expires)).toBe(Math.floor(s.clock.now().getTime() / 1000) + 300);
    const signature = url.searchParams.get('signature')!;
    const now = s.clock.now();
    expect(verifyLocalSignedUrl(s.config.encryptionKey, key, expires, signature, now)).toBe('valid');
    expect(verifyLocalSignedUrl(s.config.encryptionKey, key, expires, signature, new Date(Number(expires) * 1000))).toBe('expired');
    expect(verifyLocalSignedUrl(s.config.encryptionKey, key, String(Number(expires) + 1), signature, now)).toBe('invalid');
    expect(verifyLocalSignedUrl(s.config.encryptionKey, `${key}x`, expires, signature, now)).toBe('invalid');
    expect(verifyLocalSignedUrl(Buffer.alloc(32, 1), key, expires, signature, now)).toBe('invalid');
    expect(verifyLocalSignedUrl(s.config.encryptionKey, key, expires, undefined, now)).toBe('invalid');
    expect(verifyLocalSignedUrl(s.config.encryptionKey, key, ['1', '2'], signature, now)).toBe('invalid');
  });

  it('serves with accept-ranges, length and no caching', async () => {
    const answer = await get(await signedPath());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('accept-ranges')).toBe('bytes');
    expect(answer.headers.get('content-length')).toBe('2048');
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(answer.body).toEqual(bytes);
  });

  it('answers suffix and open ranges, and 416 for an unsatisfiable one', async () => {
    const url = await signedPath();
    const suffix = await get(url, { range: 'bytes=-48' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe('bytes 2000-2047/2048');
    expect(suffix.body).toEqual(bytes.subarray(2000));
    const open = await get(url, { range: 'bytes=2040-' });
    expect(open.headers.get('content-range')).toBe('bytes 2040-2047/2048');
    expect(open.headers.get('content-length')).toBe('8');
    const beyond = await get(url, { range: 'bytes=4096-5000' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */2048');
    // Malformed or multiple ranges are ignored: the whole object.
    expect((await get(url, { range: 'bytes=0-1,5-6' })).status).toBe(200);
  });

  it('refuses a missing or altered signature, or an altered expiry, with 403 storage.invalid_signature', async () => {
    const url = await signedPath();
    const bare = url.split('?')[0]!;
    expect(problemCode(await get(bare))).toBe('storage.invalid_signature');
    const u = new URL(url, s.baseUrl);
    u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600));
    const altered = await get(`${u.pathname}${u.search}`);
    expect(altered.status).toBe(403);
    expect(problemCode(altered)).toBe('storage.invalid_signature');
    // Signed for one key, used for another.
    const other = url.replace('RE1.wav', 'RE3.wav');
    expect(problemCode(await get(other))).toBe('storage.invalid_signature');
  });

  it('answers 404 storage.object_not_found for a signed URL of a removed object', async () => {
    const doomed = '0190f1f2-0000-7000-8000-000000000002/recordings/doomed.wav';
    await s.storage.put(doomed, Readable.from([Buffer.from('bye')]), { contentType: 'audio/wav', overwrite: false });
    const url = await signedPath(doomed);
    await s.storage.remove(doomed);
    const answer = await get(url);
    expect(answer.status).toBe(404);
    expect(problemCode(answer)).toBe('storage.object_not_found');
  });

  it('serves keys with encoded characters and keys longer than the router parameter limit', async () => {
    const long = `0190f1f2-0000-7000-8000-000000000002/${'nested/'.repeat(30)}a b+c%d (1).wav`;
    await s.storage.put(long, Readable.from([Buffer.from('deep')]), { contentType: 'audio/wav', overwrite: false });
    const answer = await get(await signedPath(long));
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('deep');
  });
});

// -------------------------------------------------------- Supabase specifics

describe('SupabaseObjectStorage against the fake Storage API', () => {
  let s: SupabaseSubject;
  let n = 0;
  const freshKey = () => `0190f1f2-0000-7000-8000-000000000003/recordings/${++n}.wav`;
  const put = (key: string, bytes: Buffer | Readable, overwrite = false, storage: ObjectStorage = s.storage) =>
    storage.put(key, Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, { contentType: 'audio/wav', overwrite });

  beforeAll(async () => {
    s = await supabaseSubject({ requestTimeoutMs: 500 });
  });
  afterAll(async () => {
    await s.close();
  });

  /** An adapter on the same fake with another bucket, key or URL (close it with onModuleDestroy). */
  function storageFor(
    options: { bucket?: string; key?: string; url?: string } = {},
    timeouts: Partial<SupabaseStorageOptions> = { requestTimeoutMs: 2_000, streamIdleTimeoutMs: 5_000 },
  ): SupabaseObjectStorage {
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: options.url ?? s.fake.url,
      SUPABASE_SERVICE_ROLE_KEY: options.key ?? s.fake.serviceKey,
      STORAGE_BUCKET: options.bucket ?? 'recordings',
    });
    return new SupabaseObjectStorage(config, timeouts);
  }

  it('uploads with Content-Length when the size is known and chunked otherwise, on a connection of its own, with the service key and x-upsert', async () => {
    const key = freshKey();
    const before = s.fake.requests.length;
    await put(key, generated(3 * MB).stream, true);
    await s.storage.put(key, Readable.from([Buffer.from('replacement')]), { contentType: 'audio/wav', overwrite: true, expectedSize: 11 });
    const uploads = s.fake.requests.slice(before).filter((r) => r.operation === 'upload');
    expect(
      uploads.map((r) => [
        r.method,
        r.path,
        r.headers['x-upsert'],
        r.headers['transfer-encoding'],
        r.headers['content-length'],
        r.headers.connection,
        r.authorized,
      ]),
    ).toEqual([
      ['POST', `/object/recordings/${key}`, 'true', 'chunked', undefined, 'close', true],
      ['POST', `/object/recordings/${key}`, 'true', undefined, '11', 'close', true],
    ]);
    expect(uploads[0]!.bodyBytes).toBe(3 * MB);
    expect(s.fake.readObject(key)).toEqual(Buffer.from('replacement'));
  });

  it('puts without overwrite under a staging key of its own, then moves it into place, which refuses an existing object', async () => {
    const key = freshKey();
    const before = s.fake.requests.length;
    await put(key, Buffer.from('first'));
    const log = s.fake.requests.slice(before);
    expect(log.map((r) => [r.method, r.operation, r.status])).toEqual([
      ['POST', 'upload', 200],
      ['POST', 'move', 200],
    ]);
    expect(log[0]!.path).toMatch(/^\/object\/recordings\/\.incoming\/[0-9a-f-]{36}$/);
    expect(log[0]!.headers['x-upsert']).toBe('false');

    const second = generated(2 * MB, 2);
    await expect(put(key, second.stream)).rejects.toBeInstanceOf(ObjectAlreadyExistsError);
    expect(s.fake.readObject(key)).toEqual(Buffer.from('first'));
    // The refused body's staging object is gone.
    expect(s.fake.objectNames().filter((name) => name.startsWith('.incoming/'))).toEqual([]);
  });

  it.each([
    ['refuse-duplicate', ObjectAlreadyExistsError],
    ['refuse-forbidden', StorageConfigurationError],
  ] as const)(
    'an upload answered %s before its body was read takes its connection along: the calls after it answer at once',
    async (mode, expected) => {
      // Storage never serves that connection again: a call sent on it would wait for this idle timeout.
      const quick = await supabaseSubject({ streamIdleTimeoutMs: 10_000 });
      try {
        for (const size of [0, 1024, 64 * 1024, 300 * 1024, MB, 2 * MB, 6 * MB]) {
          const key = freshKey();
          quick.fake.failNextUploads(1, mode);
          const error = await put(key, generated(size, 3).stream, true, quick.storage).catch((e: unknown) => e);
          expect({ size, error }).toEqual({ size, error: expect.any(expected) });
          const refused = quick.fake.requests.filter((r) => r.operation === 'upload').pop()!;
          expect({ size, fault: refused.fault, bodyBytes: refused.bodyBytes }).toEqual({ size, fault: mode, bodyBytes: 0 });

          const started = Date.now();
          await put(key, Buffer.from('next'), true, quick.storage);
          expect(await collect((await quick.storage.get(key)).body)).toEqual(Buffer.from('next'));
          expect(await quick.storage.info(key)).toMatchObject({ size: 4 });
          await put(key, generated(256 * 1024, 4).stream, true, quick.storage);
          await put(freshKey(), Buffer.from('and one more'), false, quick.storage);
          expect({ size, prompt: Date.now() - started < 3_000 }).toEqual({ size, prompt: true });
        }
        expect(quick.fake.requests.filter((r) => r.fault === 'poisoned-connection')).toEqual([]);
      } finally {
        await quick.close();
      }
    },
  );

  it('refuses a body over the size limit: Storage answers 413 to a declared length, and a chunked one meets the bucket limit read by checkAccess', async () => {
    const small = storageFor({ bucket: 'small' });
    try {
      const declared = freshKey();
      const error = await small
        .put(declared, generated(2 * MB).stream, { contentType: 'audio/wav', overwrite: true, expectedSize: 2 * MB })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(StorageObjectTooLargeError);
      expect((error as Error).message).toMatch(/size limit.*413 EntityTooLarge/);
      expect(s.fake.hasObject(declared, 'small')).toBe(false);
      await expect(
        small.put(declared, generated(MB).stream, { contentType: 'audio/wav', overwrite: false, expectedSize: MB }),
      ).resolves.toMatchObject({ size: MB });

      expect(await small.checkAccess()).toEqual({ bucket: 'small', fileSizeLimit: MB });
      const chunked = freshKey();
      const capped = await small
        .put(chunked, generated(2 * MB).stream, { contentType: 'audio/wav', overwrite: true })
        .catch((e: Error) => e);
      expect(capped).toBeInstanceOf(StorageObjectTooLargeError);
      expect((capped as Error).message).toMatch(/over the bucket's 1048576-byte limit/);
      expect(s.fake.hasObject(chunked, 'small')).toBe(false);
      await expect(small.put(chunked, generated(MB).stream, { contentType: 'audio/wav', overwrite: true })).resolves.toMatchObject({
        size: MB,
      });
    } finally {
      small.onModuleDestroy();
    }
  });

  it('names a timeout by its deadline on every JSON call, and an idle stream by its operation', async () => {
    const key = freshKey();
    await put(key, Buffer.from('slow answers'));
    const calls: [string, () => Promise<unknown>][] = [
      ['info', () => s.storage.info(key)],
      ['sign', () => s.storage.signedUrl(key, 60)],
      ['remove', () => s.storage.remove(key)],
      ['move', () => put(freshKey(), Buffer.from('staged'))],
    ];
    for (const [operation, call] of calls) {
      s.fake.delayNextRequests(1, 1_500, operation as 'info');
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).message).toBe(`Supabase Storage ${operation} timed out after 500 ms`);
    }
    const idle = await supabaseSubject({ streamIdleTimeoutMs: 300 });
    try {
      idle.fake.delayNextRequests(1, 1_000, 'upload');
      const upload = await put(freshKey(), Buffer.from('x'), true, idle.storage).catch((e: Error) => e);
      expect(upload).toBeInstanceOf(StorageUnavailableError);
      expect((upload as Error).message).toBe('Supabase Storage upload timed out after 300 ms without data');
    } finally {
      await idle.close();
    }
  });

  it('refuses keys Storage would refuse (%, #, ?, non-ASCII) before sending anything', async () => {
    const before = s.fake.requests.length;
    for (const key of [
      `${freshKey()}%41`,
      `${freshKey()}#1`,
      `${freshKey()}?x=1`,
      `0190f1f2-0000-7000-8000-000000000003/recordings/café.wav`,
    ]) {
      await expect(put(key, Buffer.from('x'), true)).rejects.toThrow(/Invalid object key .*Supabase Storage/);
      await expect(s.storage.info(key)).rejects.toThrow(/Invalid object key/);
      await expect(s.storage.get(key)).rejects.toThrow(/Invalid object key/);
      await expect(s.storage.signedUrl(key, 60)).rejects.toThrow(/Invalid object key/);
      await expect(s.storage.remove(key)).rejects.toThrow(/Invalid object key/);
    }
    expect(s.fake.requests.slice(before)).toEqual([]);
  });

  it('checkAccess passes with the service key and names each misconfiguration', async () => {
    await expect(s.supabase.checkAccess()).resolves.toEqual({ bucket: 'recordings', fileSizeLimit: null });
    const cases: [string, { bucket?: string; key?: string; url?: string }, RegExp][] = [
      [
        'a key signed with another secret',
        { key: s.fake.keySignedWithAnotherSecret() },
        /refused SUPABASE_SERVICE_ROLE_KEY \(signature verification failed\)/,
      ],
      ['the anon key', { key: s.fake.anonKey }, /SUPABASE_SERVICE_ROLE_KEY is a key of the "anon" role, not the service role key/],
      [
        'a missing bucket',
        { bucket: 'no-such-bucket' },
        /bucket "no-such-bucket" not found \(the key sees "recordings", "audio-only", "small"\)/,
      ],
      ['a SUPABASE_URL that is not Storage', { url: `${s.fake.url}/not-storage` }, /no Supabase Storage at SUPABASE_URL/],
    ];
    for (const [what, options, message] of cases) {
      const wrong = storageFor(options);
      try {
        const error = await wrong.checkAccess().catch((e: unknown) => e);
        expect({ what, error }).toEqual({ what, error: expect.any(StorageConfigurationError) });
        expect({ what, message: (error as Error).message }).toEqual({ what, message: expect.stringMatching(message) });
        expect((error as Error).message).not.toContain(options.key ?? s.fake.serviceKey);
      } finally {
        wrong.onModuleDestroy();
      }
    }
  });

  it('checkAccess says so when the key sees no bucket at all', async () => {
    const empty = await FakeSupabaseStorage.start({ buckets: {} });
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: empty.url,
      SUPABASE_SERVICE_ROLE_KEY: empty.serviceKey,
    });
    const storage = new SupabaseObjectStorage(config);
    try {
      await expect(storage.checkAccess()).rejects.toThrow(/bucket "recordings" not found, and the key sees no bucket at all/);
    } finally {
      storage.onModuleDestroy();
      await empty.stop();
    }
  });

  it('reports a key signed with another secret as a refused key on reads too, not as a missing bucket', async () => {
    const key = freshKey();
    await put(key, Buffer.from('there'));
    const wrong = storageFor({ key: s.fake.keySignedWithAnotherSecret() });
    try {
      for (const error of [await wrong.info(key).catch((e: unknown) => e), await wrong.get(key).catch((e: unknown) => e)]) {
        expect(error).toBeInstanceOf(StorageConfigurationError);
        expect((error as Error).message).toMatch(/refused SUPABASE_SERVICE_ROLE_KEY/);
      }
    } finally {
      wrong.onModuleDestroy();
    }
  });

  it('remove() and signedUrl() on a missing bucket report the bucket, not success or a missing object', async () => {
    const wrong = storageFor({ bucket: 'no-such-bucket' });
    try {
      const removeError = await wrong.remove(freshKey()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(removeError).toBeInstanceOf(StorageConfigurationError);
      expect((removeError as Error).message).toMatch(/remove: bucket "no-such-bucket" not found/);
      const signError = await wrong.signedUrl(freshKey(), 60).catch((e: unknown) => e);
      expect(signError).toBeInstanceOf(StorageConfigurationError);
      expect((signError as Error).message).toMatch(/sign: bucket "no-such-bucket" not found/);
    } finally {
      wrong.onModuleDestroy();
    }
  });

  it('maps a 503 on upload to StorageUnavailableError, and the next attempt succeeds', async () => {
    const key = freshKey();
    s.fake.failNextUploads(1);
    const error = await put(key, generated(2 * MB).stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).status).toBe(503);
    expect(s.fake.hasObject(key)).toBe(false);
    await expect(put(key, Buffer.from('second try'))).resolves.toMatchObject({ size: 10 });
  });

  it('maps a connection dropped mid-upload to StorageUnavailableError, and nothing is stored', async () => {
    const key = freshKey();
    s.fake.failNextUploads(1, 'drop-mid-upload');
    await expect(put(key, generated(4 * MB).stream)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(s.fake.hasObject(key)).toBe(false);
  });

  it('maps 5xx and dropped connections on every other call to StorageUnavailableError', async () => {
    const key = freshKey();
    await put(key, Buffer.from('present'));
    s.fake.failNextRequests(1, 'unavailable', 'info');
    await expect(s.storage.info(key)).rejects.toBeInstanceOf(StorageUnavailableError);
    s.fake.failNextRequests(1, 'internal-error', 'download');
    await expect(s.storage.get(key)).rejects.toBeInstanceOf(StorageUnavailableError);
    s.fake.failNextRequests(1, 'drop', 'download');
    await expect(s.storage.get(key)).rejects.toBeInstanceOf(StorageUnavailableError);
    s.fake.failNextRequests(1, 'unavailable', 'sign');
    await expect(s.storage.signedUrl(key, 60)).rejects.toBeInstanceOf(StorageUnavailableError);
    s.fake.failNextRequests(1, 'drop', 'remove');
    await expect(s.storage.remove(key)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(s.fake.hasObject(key)).toBe(true);
  });

  it('fails a download whose connection drops midway with a StorageUnavailableError on the body stream', async () => {
    const key = freshKey();
    await put(key, generated(2 * MB).stream);
    s.fake.failNextRequests(1, 'drop-mid-download', 'download');
    const object = await s.storage.get(key);
    expect(object.size).toBe(2 * MB);
    await expect(collect(object.body)).rejects.toBeInstanceOf(StorageUnavailableError);
    // The next download is whole.
    expect((await hashOf((await s.storage.get(key)).body)).size).toBe(2 * MB);
  });

  it('maps a JSON call that outlives requestTimeoutMs to StorageUnavailableError', async () => {
    const key = freshKey();
    s.fake.delayNextRequests(1, 1_500, 'info');
    const started = Date.now();
    await expect(s.storage.info(key)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_400);
  });

  it('maps an idle stream to StorageUnavailableError', async () => {
    const idle = await supabaseSubject({ streamIdleTimeoutMs: 300 });
    try {
      const key = freshKey();
      await put(key, Buffer.from('slow'), false, idle.storage);
      idle.fake.delayNextRequests(1, 1_000, 'download');
      const error = await idle.storage.get(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).message).toBe('Supabase Storage download timed out after 300 ms without data');
    } finally {
      await idle.close();
    }
  });

  it('maps a refused connection to StorageUnavailableError', async () => {
    const down = await supabaseSubject();
    await down.fake.stop();
    await expect(down.storage.info(freshKey())).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(put(freshKey(), Buffer.from('x'), false, down.storage)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(down.storage.get(freshKey())).rejects.toBeInstanceOf(StorageUnavailableError);
    down.supabase.onModuleDestroy();
  });

  it('treats a missing bucket as a configuration error, not a missing object, and never shows the service key', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: s.fake.url,
      SUPABASE_SERVICE_ROLE_KEY: s.fake.serviceKey,
      STORAGE_BUCKET: 'no-such-bucket',
    });
    const wrong = new SupabaseObjectStorage(config);
    try {
      const errors = await Promise.all([
        wrong.info(freshKey()).catch((e: Error) => e),
        wrong.get(freshKey()).catch((e: Error) => e),
        put(freshKey(), Buffer.from('x'), false, wrong).catch((e: Error) => e),
      ]);
      for (const error of errors) {
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(ObjectNotFoundError);
        expect((error as Error).message).toMatch(/bucket "no-such-bucket" not found/);
        expect((error as Error).message).not.toContain(s.fake.serviceKey);
      }
    } finally {
      wrong.onModuleDestroy();
    }
  });

  it('does not read a bare HTTP 404 (SUPABASE_URL pointing elsewhere) as a missing object', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: `${s.fake.url}/not-storage`,
      SUPABASE_SERVICE_ROLE_KEY: s.fake.serviceKey,
    });
    const misrouted = new SupabaseObjectStorage(config);
    try {
      const infoError = await misrouted.info(freshKey()).catch((e: Error) => e);
      expect(infoError).toBeInstanceOf(Error);
      expect(infoError).not.toBeInstanceOf(ObjectNotFoundError);
      const getError = await misrouted.get(freshKey()).catch((e: Error) => e);
      expect(getError).toBeInstanceOf(Error);
      expect(getError).not.toBeInstanceOf(ObjectNotFoundError);
      await expect(misrouted.remove(freshKey())).rejects.toThrow(/404/);
    } finally {
      misrouted.onModuleDestroy();
    }
  });

  it('passes on Storage refusals it has no error type for (415 invalid_mime_type) with their message', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATA_DIR: TMP_DIR,
      SUPABASE_URL: s.fake.url,
      SUPABASE_SERVICE_ROLE_KEY: s.fake.serviceKey,
      STORAGE_BUCKET: 'audio-only',
    });
    const audioOnly = new SupabaseObjectStorage(config);
    try {
      const error = await audioOnly
        .put(freshKey(), Readable.from([Buffer.from('{}')]), { contentType: 'application/json', overwrite: false })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).message).toMatch(/415.*invalid_mime_type/);
      expect((error as Error).message).not.toContain(s.fake.serviceKey);
      await expect(
        audioOnly.put(freshKey(), Readable.from([Buffer.from('RIFF')]), { contentType: 'audio/wav', overwrite: false }),
      ).resolves.toMatchObject({ size: 4 });
    } finally {
      audioOnly.onModuleDestroy();
    }
  });

  it('sweeps staged uploads older than an hour (what a crash between upload and move leaves), oldest first, page by page; younger ones and other objects stay', async () => {
    const upload = (name: string) =>
      raw(s.fake, 'POST', `/object/recordings/${name}`, { headers: { 'content-type': 'audio/wav' }, body: name });
    const abandoned = Array.from({ length: 130 }, () => `.incoming/${randomUUID()}`);
    for (const name of abandoned) expect((await upload(name)).status).toBe(200);
    const young = `.incoming/${randomUUID()}`;
    const elsewhere = `0190f1f2-0000-7000-8000-000000000003/old/${randomUUID()}.wav`;
    await upload(young);
    await upload(elsewhere);
    abandoned.forEach((name, i) => s.fake.ageObject(name, 3600 + 60 + i));
    s.fake.ageObject(young, 3000);
    s.fake.ageObject(elsewhere, 10 * 86_400);

    const before = s.fake.requests.length;
    expect(await s.supabase.sweepStaging(60 * 60 * 1000)).toBe(abandoned.length);
    const names = s.fake.objectNames();
    expect(names.filter((n) => n.startsWith('.incoming/'))).toEqual([young]);
    expect(names).toContain(elsewhere);
    // Listed in pages of 100 (the second one short), removed in batches of at most 100.
    expect(s.fake.requests.slice(before).map((r) => [r.operation, r.path, r.status])).toEqual([
      ['list', '/object/list/recordings', 200],
      ['list', '/object/list/recordings', 200],
      ['remove', '/object/recordings', 200],
      ['remove', '/object/recordings', 200],
    ]);
    expect(await s.supabase.sweepStaging(60 * 60 * 1000)).toBe(0);
    await s.storage.remove(young);
    await s.storage.remove(elsewhere);
  });

  it('sweeps staged uploads at start-up, in the background', async () => {
    const name = `.incoming/${randomUUID()}`;
    await raw(s.fake, 'POST', `/object/recordings/${name}`, { headers: { 'content-type': 'audio/wav' }, body: 'left by a crash' });
    s.fake.ageObject(name, 2 * 3600);
    const storage = storageFor();
    try {
      await storage.onModuleInit();
      for (let i = 0; i < 50 && s.fake.hasObject(name); i++) await new Promise((r) => setTimeout(r, 20));
      expect(s.fake.hasObject(name)).toBe(false);
    } finally {
      storage.onModuleDestroy();
    }
  });

  it('signs through POST /object/sign and removes through DELETE /object/{bucket} with prefixes', async () => {
    const key = freshKey();
    await put(key, Buffer.from('signed'));
    const before = s.fake.requests.length;
    const url = await s.storage.signedUrl(key, 120);
    expect(url).toMatch(new RegExp(`^${s.fake.url}/storage/v1/object/sign/recordings/${key}\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    await s.storage.remove(key);
    const log = s.fake.requests.slice(before);
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', `/object/sign/recordings/${key}`, 200],
      ['DELETE', '/object/recordings', 200],
    ]);
    // The signed URL outlives nothing: the object is gone.
    const answer = await httpGet(url);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ statusCode: '404', error: 'not_found' });
  });
});

// ------------------------------------------------- the fake, as Storage answers

/** One raw request to the fake, on a connection of its own unless an agent is given. */
function raw(
  fake: FakeSupabaseStorage,
  method: string,
  pathname: string,
  options: { key?: string; headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<{ status: number; body: unknown; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const key = options.key ?? fake.serviceKey;
    const headers: Record<string, string> = { apikey: key, authorization: `Bearer ${key}`, ...(options.headers ?? {}) };
    // Node frames a DELETE's body only with an explicit length.
    if (options.body !== undefined && !headers['transfer-encoding']) headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = http.request(`${fake.url}/storage/v1${pathname}`, { method, agent: options.agent ?? false, headers });
    request.setTimeout(options.timeoutMs ?? 5_000, () => request.destroy(new Error('no answer')));
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: response.statusCode ?? 0, body, socket: request.socket });
      });
    });
    request.end(options.body);
  });
}

describe('FakeSupabaseStorage answers as the real Storage server', () => {
  let fake: FakeSupabaseStorage;
  const json = { 'content-type': 'application/json' };
  beforeAll(async () => {
    fake = await FakeSupabaseStorage.start({ buckets: { recordings: {}, small: { fileSizeLimit: 1000 } } });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('refuses an upload before reading its body, then never serves that connection again', async () => {
    await raw(fake, 'POST', '/object/recordings/a/dup.wav', { headers: { 'content-type': 'audio/wav' }, body: 'first' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await raw(fake, 'POST', '/object/recordings/a/dup.wav', {
        agent,
        headers: { 'content-type': 'audio/wav', 'x-upsert': 'false' },
        body: Buffer.alloc(300 * 1024),
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        statusCode: '409',
        code: 'KeyAlreadyExists',
        error: 'Duplicate',
        message: 'The resource already exists',
      });
      expect(fake.requests.at(-1)).toMatchObject({ fault: 'refused-early', bodyBytes: 0 });
      // The same socket, from the pool: no answer, ever.
      await expect(raw(fake, 'GET', '/object/info/recordings/a/dup.wav', { agent, timeoutMs: 300 })).rejects.toThrow('no answer');
      expect(fake.requests.at(-1)!.fault).toBe('poisoned-connection');
    } finally {
      agent.destroy();
    }
  });

  it('checks for a duplicate before the body only: concurrent puts without x-upsert all succeed, the last one wins', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((i) =>
        raw(fake, 'POST', '/object/recordings/a/race.wav', {
          headers: { 'content-type': 'audio/wav', 'x-upsert': 'false' },
          body: Buffer.alloc(200_000, i),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(fake.readObject('a/race.wav')!.length).toBe(200_000);
  });

  it('moves atomically, refusing a destination that exists', async () => {
    await raw(fake, 'POST', '/object/recordings/a/src1.wav', { headers: { 'content-type': 'audio/wav' }, body: 'one' });
    await raw(fake, 'POST', '/object/recordings/a/src2.wav', { headers: { 'content-type': 'audio/wav' }, body: 'two' });
    const move = (source: string) =>
      raw(fake, 'POST', '/object/move', {
        headers: json,
        body: JSON.stringify({ bucketId: 'recordings', sourceKey: source, destinationKey: 'a/dest.wav' }),
      });
    expect((await move('a/src1.wav')).status).toBe(200);
    const refused = await move('a/src2.wav');
    expect(refused).toMatchObject({ status: 400, body: { statusCode: '409', error: 'Duplicate' } });
    expect(fake.readObject('a/dest.wav')).toEqual(Buffer.from('one'));
    expect(fake.hasObject('a/src2.wav')).toBe(true);
  });

  it('holds a declared length against the bucket limit (400, "413") and lets a chunked body of any size through', async () => {
    const declared = await raw(fake, 'POST', '/object/small/big.wav', {
      headers: { 'content-type': 'audio/wav' },
      body: Buffer.alloc(5000),
    });
    expect(declared.status).toBe(400);
    expect(declared.body).toMatchObject({ statusCode: '413', code: 'EntityTooLarge', error: 'Payload too large' });
    const chunked = await raw(fake, 'POST', '/object/small/big.wav', {
      headers: { 'content-type': 'audio/wav', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(5000),
    });
    expect(chunked.status).toBe(200);
    expect(fake.readObject('big.wav', 'small')!.length).toBe(5000);
  });

  it.each(['a/x%25y.wav', 'a/x%23y.wav', 'a/x%3Fy.wav', 'a/caf%C3%A9.wav'])('refuses the key %s with InvalidKey', async (pathname) => {
    const answer = await raw(fake, 'POST', `/object/recordings/${pathname}`, { headers: { 'content-type': 'audio/wav' }, body: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      statusCode: '400',
      code: 'InvalidKey',
      error: 'InvalidKey',
      message: `Invalid key: ${decodeURIComponent(pathname)}`,
    });
  });

  it('reads a key signed with another secret as anonymous (bucket not found) and refuses it elsewhere', async () => {
    await raw(fake, 'POST', '/object/recordings/a/seen.wav', { headers: { 'content-type': 'audio/wav' }, body: 'seen' });
    const key = fake.keySignedWithAnotherSecret();
    for (const pathname of ['/object/info/recordings/a/seen.wav', '/object/recordings/a/seen.wav']) {
      expect(await raw(fake, 'GET', pathname, { key })).toMatchObject({
        status: 400,
        body: { statusCode: '404', code: 'NoSuchBucket', error: 'Bucket not found' },
      });
    }
    const denied = {
      status: 400,
      body: { statusCode: '403', code: 'AccessDenied', error: 'Unauthorized', message: 'signature verification failed' },
    };
    expect(await raw(fake, 'GET', '/bucket/recordings', { key })).toMatchObject(denied);
    expect(await raw(fake, 'GET', '/bucket', { key })).toMatchObject(denied);
    expect(
      await raw(fake, 'DELETE', '/object/recordings', { key, headers: json, body: JSON.stringify({ prefixes: ['a/seen.wav'] }) }),
    ).toMatchObject(denied);
    expect(fake.hasObject('a/seen.wav')).toBe(true);
  });

  it('lets the anon key see no bucket and no object, and write nothing', async () => {
    const key = fake.anonKey;
    expect(await raw(fake, 'GET', '/object/info/recordings/a/seen.wav', { key })).toMatchObject({
      status: 400,
      body: { statusCode: '404', code: 'NoSuchKey' },
    });
    expect(await raw(fake, 'GET', '/bucket/recordings', { key })).toMatchObject({
      status: 400,
      body: { statusCode: '404', code: 'NoSuchBucket' },
    });
    expect(await raw(fake, 'GET', '/bucket', { key })).toMatchObject({ status: 200, body: [] });
    const upload = await raw(fake, 'POST', '/object/recordings/a/anon.wav', { key, headers: { 'content-type': 'audio/wav' }, body: 'x' });
    expect(upload).toMatchObject({
      status: 400,
      body: { statusCode: '403', code: 'AccessDenied', message: 'new row violates row-level security policy' },
    });
    expect(
      await raw(fake, 'DELETE', '/object/recordings', { key, headers: json, body: JSON.stringify({ prefixes: ['a/seen.wav'] }) }),
    ).toMatchObject({ status: 200, body: [] });
  });

  it('lists a folder as Storage does: folders first, then its objects with created_at and updated_at, sorted, with limit and offset', async () => {
    for (const name of ['l/b.wav', 'l/a.wav', 'l/c.wav', 'l/sub/x.wav', 'l/sub/y.wav', 'l/other/z.wav', 'lx/not-under.wav']) {
      await raw(fake, 'POST', `/object/recordings/${name}`, { headers: { 'content-type': 'audio/wav' }, body: name });
    }
    fake.ageObject('l/c.wav', 300);
    fake.ageObject('l/a.wav', 100);
    const list = (body: Record<string, unknown>, bucket = 'recordings') =>
      raw(fake, 'POST', `/object/list/${bucket}`, { headers: json, body: JSON.stringify(body) });

    const all = await list({ prefix: 'l' });
    expect(all.status).toBe(200);
    const rows = all.body as {
      name: string;
      id: string | null;
      created_at: string | null;
      updated_at: string | null;
      metadata: { size: number; mimetype: string } | null;
    }[];
    expect(rows.map((r) => r.name)).toEqual(['other', 'sub', 'a.wav', 'b.wav', 'c.wav']);
    expect(rows[0]).toEqual({ name: 'other', id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
    expect(rows[2]).toMatchObject({
      id: expect.any(String),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      metadata: { size: 'l/a.wav'.length, mimetype: 'audio/wav' },
    });

    const byAge = await list({ prefix: 'l/', sortBy: { column: 'created_at', order: 'asc' }, limit: 2, offset: 2 });
    expect((byAge.body as { name: string }[]).map((r) => r.name)).toEqual(['c.wav', 'a.wav']);
    const newest = await list({ prefix: 'l', sortBy: { column: 'updated_at', order: 'desc' }, offset: 2, limit: 1 });
    expect((newest.body as { name: string }[]).map((r) => r.name)).toEqual(['b.wav']);
    expect(((await list({ prefix: 'l/sub' })).body as { name: string }[]).map((r) => r.name)).toEqual(['x.wav', 'y.wav']);
    expect(((await list({ prefix: 'l', search: 'b' })).body as { name: string }[]).map((r) => r.name)).toEqual(['b.wav']);

    // A missing bucket, or a key row-level security hides everything from, lists nothing.
    expect(await list({ prefix: 'l' }, 'gone')).toMatchObject({ status: 200, body: [] });
    expect(
      await raw(fake, 'POST', '/object/list/recordings', { key: fake.anonKey, headers: json, body: JSON.stringify({ prefix: 'l' }) }),
    ).toMatchObject({ status: 200, body: [] });
    expect(await list({ limit: 1 })).toMatchObject({ status: 400, body: { statusCode: '400' } });
  });

  it('on a missing bucket: remove answers 200 [], signing says the object is not found, the bucket itself is not found', async () => {
    expect(await raw(fake, 'DELETE', '/object/gone', { headers: json, body: JSON.stringify({ prefixes: ['a/x.wav'] }) })).toMatchObject({
      status: 200,
      body: [],
    });
    expect(await raw(fake, 'POST', '/object/sign/gone/a/x.wav', { headers: json, body: JSON.stringify({ expiresIn: 60 }) })).toMatchObject({
      status: 400,
      body: { statusCode: '404', code: 'NoSuchKey', error: 'not_found' },
    });
    expect(await raw(fake, 'GET', '/bucket/gone')).toMatchObject({ status: 400, body: { statusCode: '404', code: 'NoSuchBucket' } });
    expect(await raw(fake, 'GET', '/bucket/small')).toMatchObject({
      status: 200,
      body: { id: 'small', name: 'small', public: false, file_size_limit: 1000 },
    });
  });
});

// ------------------------------------------------------------------- memory

/** A `gc` function: Node's own when run with --expose-gc, else switched on at run time. */
function gcFunction(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

async function settle(gc: (() => void) | null): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Peak RSS growth over the baseline while `work` runs (sampled every 5 ms), how much RSS moved
 * while idle just before, and the peak growth of Buffer memory (live and not yet collected).
 */
async function rssGrowthDuring(work: () => Promise<void>): Promise<{ growthMb: number; noiseMb: number; buffersMb: number }> {
  const gc = gcFunction();
  await settle(gc);
  // The noise floor: how much RSS moves while nothing happens.
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    idle.push(process.memoryUsage().rss);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const baseline = Math.min(...idle);
  const noiseMb = (Math.max(...idle) - baseline) / MB;
  const buffersBaseline = process.memoryUsage().arrayBuffers;
  let peak = baseline;
  let buffersPeak = buffersBaseline;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    buffersPeak = Math.max(buffersPeak, usage.arrayBuffers);
  };
  const sampler = setInterval(sample, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  sample();
  return { growthMb: (peak - baseline) / MB, noiseMb, buffersMb: (buffersPeak - buffersBaseline) / MB };
}

describe.each(subjects)('ObjectStorage memory: %s', (name, makeSubject) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await makeSubject();
  });
  afterAll(async () => {
    await subject.close();
  });

  it('uploads a generated 100 MB stream with under 64 MB of RSS growth', async () => {
    const key = '0190f1f2-0000-7000-8000-000000000004/recordings/large.wav';
    const size = 100 * MB;
    // Warm up (module loading, sockets, the first write) so that the measure is of streaming only.
    await subject.storage.put(`${key}.warmup`, generated(2 * MB).stream, { contentType: 'audio/wav', overwrite: true });
    const source = generated(size, 9);
    let stored: { size: number; sha256: string } | null = null;
    const started = Date.now();
    const { growthMb, noiseMb, buffersMb } = await rssGrowthDuring(async () => {
      stored = await subject.storage.put(key, source.stream, { contentType: 'audio/wav', overwrite: true, expectedSize: size });
    });
    const seconds = (Date.now() - started) / 1000;
    expect(stored).toMatchObject({ size, sha256: source.sha256() });
    console.log(
      `[memory] ${name}: 100 MB upload in ${seconds.toFixed(2)} s, RSS growth ${growthMb.toFixed(1)} MB (idle noise ${noiseMb.toFixed(1)} MB), Buffer memory peak +${buffersMb.toFixed(1)} MB`,
    );
    await subject.storage.remove(key);
    await subject.storage.remove(`${key}.warmup`);
    if (noiseMb > 16) {
      console.warn(`[memory] ${name}: RSS moved ${noiseMb.toFixed(1)} MB while idle; too noisy to assert the 64 MB bound`);
      return;
    }
    expect(growthMb).toBeLessThan(64);
  });
});

describe('ObjectStorage memory: the measure', () => {
  // Last: the memory it frees could otherwise hide growth in the measures above.
  it('sees a body held in memory (so that a small growth above means something)', async () => {
    let held = 0;
    const { growthMb } = await rssGrowthDuring(async () => {
      held = (await collect(generated(100 * MB, 3).stream)).length;
    });
    expect(held).toBe(100 * MB);
    console.log(
      `[memory] control: holding a 100 MB body grows RSS by ${growthMb.toFixed(1)} MB (gc ${gcFunction() ? 'available' : 'unavailable'})`,
    );
    expect(growthMb).toBeGreaterThan(90);
  });
});
