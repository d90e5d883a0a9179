import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  ObjectStorage,
  StorageUnavailableError,
  type ObjectInfo,
  type StoredObject,
} from '@domain/recording/ports/object-storage.port';
import { AppConfig } from '../config/app-config';
import { assertValidObjectKey, DigestingStream, MAX_SIGNED_URL_SECONDS } from './local-disk.storage';
import type { StorageAccessCheck } from './storage-access';

export interface SupabaseStorageOptions {
  /** Deadline of one JSON call (info, sign, remove, move, the bucket check), connection to last byte. */
  requestTimeoutMs: number;
  /**
   * Uploads and downloads have no overall deadline (a recording may be large); a stream on
   * which nothing moves, either way, for this long is aborted. Also bounds the wait for the
   * answer once an upload's last byte is sent. 0 disables it.
   */
  streamIdleTimeoutMs: number;
}

export const DEFAULT_SUPABASE_STORAGE_OPTIONS: SupabaseStorageOptions = {
  requestTimeoutMs: 30_000,
  streamIdleTimeoutMs: 120_000,
};

/** Optional Nest provider token to override the defaults above. */
export const SUPABASE_STORAGE_OPTIONS = Symbol('SUPABASE_STORAGE_OPTIONS');

/**
 * SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY or STORAGE_BUCKET does not fit the Storage server:
 * a missing bucket, a key that is not this project's, a key of another role than the service
 * role. Not worth retrying; the service refuses to start with it, and readiness reports it.
 */
export class StorageConfigurationError extends Error {
  constructor(
    message: string,
    /** The problem alone, without the operation that met it. */
    readonly problem: string,
  ) {
    super(message);
    this.name = 'StorageConfigurationError';
  }
}

/** The body is over the bucket's `file_size_limit` or the server's upload limit. */
export class StorageObjectTooLargeError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageObjectTooLargeError';
  }
}

/** What checkAccess found: the bucket answers to the key, with this size limit (bytes; null: none). */
export interface SupabaseStorageAccess {
  bucket: string;
  fileSizeLimit: number | null;
}

/** An error answer of Storage: HTTP 400 with the meaningful status as a string in `statusCode`. */
interface StorageErrorBody {
  statusCode?: string | number;
  error?: string;
  message?: string;
  code?: string;
}

type PutOptions = Parameters<ObjectStorage['put']>[2];

/** Longest error body read from Storage; the rest is dropped. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * The characters Storage accepts in a key (its own check, less `?`, which the server refuses
 * in practice too): no `%`, `#`, `?`, nothing outside ASCII. Our keys
 * (`{org}/calls/{call}/{recording}.wav`) never need more, so others are refused here, clearly,
 * rather than sent and answered with InvalidKey.
 */
const STORAGE_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,-]+$/;

/**
 * Where put() without overwrite stages a body before moving it into place. Nothing else is
 * ever written there: Storage creates a staged object once its upload is complete and the move
 * follows at once, so one older than STAGING_MAX_AGE_MS is what a crash left behind.
 */
export const STAGING_PREFIX = '.incoming/';
export const STAGING_MAX_AGE_MS = 60 * 60 * 1000;
/** The sweep of abandoned staged objects runs at start-up and then this often. */
const STAGING_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Objects listed (and removed) per request, and pages read per sweep: the rest waits for the next one. */
const STAGING_PAGE = 100;
const STAGING_MAX_PAGES = 20;

/** The role claim of a JWT key, read without verifying it (null when the key is no JWT). */
function jwtRole(key: string): string | null {
  const parts = key.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { role?: unknown } | null;
    return typeof payload?.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}

/** Fails once more than `limit` bytes went through (no limit when null). */
class SizeCap extends Transform {
  private count = 0;

  constructor(
    private readonly limit: number | null,
    private readonly tooLarge: (limit: number) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.limit !== null && this.count > this.limit) {
      callback(this.tooLarge(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

/** The bucket was not found: explained by checkAccess before it reaches a caller. */
class BucketNotFound extends StorageConfigurationError {}

/**
 * Supabase Storage (`/storage/v1`) with the service role key. Bodies stream both ways through
 * node:http(s) (supabase-js' `upload` would hand the stream to fetch, with no way to hash it on
 * the way or bound an idle stream): uploads are `POST /object/{bucket}/{key}`, hashed and
 * counted as they go, with `Content-Length` when the caller knows the size (Storage holds only
 * a declared length against the bucket's and its own size limits; a chunked body is checked
 * here against the bucket's limit, once checkAccess has read it); downloads are
 * `GET /object/{bucket}/{key}` with `Range`. The JSON calls (info, sign, remove, move, the
 * bucket check) go through supabase-js.
 *
 * Each upload has a connection of its own, closed after it: Storage answers a refused upload
 * (duplicate, no permission, too large...) before reading its body and never serves that
 * connection again, so a pooled socket would hang the next call made on it.
 *
 * Storage answers most errors with HTTP 400 and the real status as a string in the body's
 * `statusCode` ("409" Duplicate, "404" not_found or Bucket not found, "413" EntityTooLarge,
 * "403" AccessDenied...). Mapped: Duplicate → ObjectAlreadyExistsError; a missing object →
 * ObjectNotFoundError; too large → StorageObjectTooLargeError; a missing bucket or a refused
 * key → StorageConfigurationError, explained by checkAccess (Storage reads a key that is not
 * valid as anonymous, to whom a private bucket is "not found"); 5xx, 408, 429, timeouts and
 * connection failures → StorageUnavailableError; anything else → Error with Storage's message.
 * Messages never contain the service key.
 */
@Injectable()
export class SupabaseObjectStorage extends ObjectStorage implements OnModuleInit, OnModuleDestroy, StorageAccessCheck {
  private readonly logger = new Logger(SupabaseObjectStorage.name);
  private readonly options: SupabaseStorageOptions;
  private readonly baseUrl: string;
  private readonly serviceKey: string;
  private readonly bucket: string;
  private readonly client: SupabaseClient;
  /** Downloads only; uploads never share a connection (see request()). */
  private readonly agent: http.Agent;
  /** The bucket's `file_size_limit`, as last read by checkAccess (null: none, or not read yet). */
  private fileSizeLimit: number | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(config: AppConfig, @Optional() @Inject(SUPABASE_STORAGE_OPTIONS) options?: Partial<SupabaseStorageOptions>) {
    super();
    if (!config.supabase) throw new Error('SupabaseObjectStorage needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY');
    this.options = { ...DEFAULT_SUPABASE_STORAGE_OPTIONS, ...(options ?? {}) };
    this.baseUrl = config.supabase.url.replace(/\/+$/, '');
    this.serviceKey = config.supabase.serviceRoleKey;
    this.bucket = config.supabase.bucket;
    const secure = this.baseUrl.startsWith('https:');
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 50 }) : new http.Agent({ keepAlive: true, maxSockets: 50 });
    const timeoutMs = this.options.requestTimeoutMs;
    this.client = createClient(this.baseUrl, this.serviceKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // supabase-js 2.109 on Node 20 throws at creation without a WebSocket implementation.
      realtime: { transport: WebSocket as never },
      global: {
        fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) }),
      },
    });
  }

  /**
   * A wrong key or a missing bucket stops the start (StorageConfigurationError); Storage not
   * answering does not (it may come up after us): readiness reports it until it answers.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.checkAccess();
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      this.logger.warn(
        `The bucket and key could not be checked at start-up (${error.message}); /health/ready reports storage down until they are`,
      );
    }
    // In the background: the start does not wait on a long listing.
    const sweep = () =>
      void this.sweepStaging(STAGING_MAX_AGE_MS).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not sweep abandoned staged uploads'),
      );
    sweep();
    this.sweepTimer = setInterval(sweep, STAGING_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.agent.destroy();
  }

  /**
   * Removes staged uploads (under STAGING_PREFIX) created more than `olderThanMs` ago: what a
   * crash between put()'s upload and its move left behind. Lists them oldest first
   * (`POST /object/list`), up to STAGING_MAX_PAGES pages a run; returns how many went.
   */
  async sweepStaging(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    const folder = STAGING_PREFIX.replace(/\/$/, '');
    const old: string[] = [];
    for (let page = 0; page < STAGING_MAX_PAGES; page++) {
      const { data, error } = await this.client.storage
        .from(this.bucket)
        .list(folder, { limit: STAGING_PAGE, offset: page * STAGING_PAGE, sortBy: { column: 'created_at', order: 'asc' } });
      if (error) throw await this.fromSupabaseError('list', STAGING_PREFIX, error);
      // Objects only (a folder has no id), and only those old enough; the rest are younger still.
      const files = (data ?? []).filter((o) => o.id !== null && typeof o.created_at === 'string');
      const young = files.findIndex((o) => Date.parse(o.created_at as string) >= cutoff);
      old.push(...(young < 0 ? files : files.slice(0, young)).map((o) => `${STAGING_PREFIX}${o.name}`));
      if (young >= 0 || (data ?? []).length < STAGING_PAGE) break;
    }
    for (let i = 0; i < old.length; i += STAGING_PAGE) {
      const { error } = await this.client.storage.from(this.bucket).remove(old.slice(i, i + STAGING_PAGE));
      if (error) throw await this.fromSupabaseError('remove', STAGING_PREFIX, error);
    }
    if (old.length > 0)
      this.logger.log(`Removed ${old.length} staged upload(s) older than ${Math.round(olderThanMs / 60_000)} min under ${STAGING_PREFIX}`);
    return old.length;
  }

  /**
   * Checks SUPABASE_SERVICE_ROLE_KEY and STORAGE_BUCKET against Storage: `GET /bucket/{bucket}`
   * with the key answers the bucket only to a valid key that may see it. A key that is not
   * valid (signed with another secret) is refused outright; one of the anon or authenticated
   * role is named from its role claim (row-level security hides the bucket, and every object,
   * from it). When the bucket is "not found", listing the buckets (a harmless authenticated
   * call) tells a missing bucket (other buckets visible) from a key that sees none. Throws
   * StorageConfigurationError naming the problem, or StorageUnavailableError.
   */
  async checkAccess(): Promise<SupabaseStorageAccess> {
    const role = jwtRole(this.serviceKey);
    if (role === 'anon' || role === 'authenticated') {
      throw this.misconfigured(
        `SUPABASE_SERVICE_ROLE_KEY is a key of the "${role}" role, not the service role key: row-level security hides the bucket and every recording from it`,
      );
    }
    const { data, error } = await this.client.storage.getBucket(this.bucket);
    if (!error) {
      const limit = Number((data as { file_size_limit?: unknown }).file_size_limit ?? NaN);
      this.fileSizeLimit = Number.isSafeInteger(limit) && limit > 0 ? limit : null;
      return { bucket: this.bucket, fileSizeLimit: this.fileSizeLimit };
    }
    const refusal = this.classify('access check', error);
    if (refusal.kind === 'unavailable') throw refusal.error;
    if (refusal.kind === 'key') throw this.misconfigured(keyRefused(refusal.detail));
    if (refusal.kind === 'route') {
      throw this.misconfigured(
        `no Supabase Storage at SUPABASE_URL: GET /storage/v1/bucket/${this.bucket} answered HTTP 404 (${refusal.detail})`,
      );
    }
    if (refusal.kind === 'other') throw this.misconfigured(`the bucket check was refused (${refusal.detail})`);

    const listed = await this.client.storage.listBuckets();
    if (listed.error) {
      const failure = this.classify('access check', listed.error);
      if (failure.kind === 'unavailable') throw failure.error;
      if (failure.kind === 'key') throw this.misconfigured(keyRefused(failure.detail));
      throw this.misconfigured(`bucket "${this.bucket}" not found`);
    }
    const names = (listed.data ?? []).map((b) => b.id);
    if (names.length === 0) {
      throw this.misconfigured(
        `bucket "${this.bucket}" not found, and the key sees no bucket at all: create the bucket, or check that SUPABASE_SERVICE_ROLE_KEY is the service role key (other keys see none)`,
      );
    }
    const shown =
      names
        .slice(0, 10)
        .map((n) => `"${n}"`)
        .join(', ') + (names.length > 10 ? ', ...' : '');
    throw this.misconfigured(`bucket "${this.bucket}" not found (the key sees ${shown}): create it, or set STORAGE_BUCKET`);
  }

  /**
   * With `overwrite: false`, Storage's own refusal (`x-upsert: false`) cannot be relied on: it
   * is a trial insert made, and rolled back, before the body is read, and the object is then
   * upserted, so concurrent puts to one key all succeed and the last one wins. Instead the
   * body goes to a staging key of its own (nothing can be there) and is then moved into place
   * with `POST /object/move`, which renames the object in one transaction under a lock on the
   * destination; Storage's unique index on (bucket, name) refuses the move (409) when the
   * destination exists. Of concurrent puts exactly one wins, and `key` holds its bytes, whole.
   * The price: Storage copies the object in its backend to move it, and a crash between the
   * two steps leaves a staged object under STAGING_PREFIX.
   */
  async put(key: string, body: Readable, options: PutOptions): Promise<StoredObject> {
    try {
      this.assertKey(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    if (options.overwrite) return this.upload(key, key, body, options, true);
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    const stored = await this.upload(staging, key, body, options, false);
    try {
      await this.moveIntoPlace(staging, key);
    } catch (error) {
      await this.removeStaged(staging);
      throw error;
    }
    return { ...stored, key };
  }

  /** Streams `body` to `target`; errors name `key`, the caller's. */
  private async upload(target: string, key: string, body: Readable, options: PutOptions, upsert: boolean): Promise<StoredObject> {
    const expectedSize = options.expectedSize ?? null;
    const digest = new DigestingStream(expectedSize);
    const cap = new SizeCap(
      expectedSize === null ? this.fileSizeLimit : null,
      (limit) =>
        new StorageObjectTooLargeError(key, `Supabase Storage would refuse ${key}: the body is over the bucket's ${limit}-byte limit`),
    );
    const request = this.request('upload', 'POST', this.objectPath(target), {
      'content-type': options.contentType,
      'x-upsert': upsert ? 'true' : 'false',
      ...(expectedSize === null ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(expectedSize) }),
    });
    // pipeline() hands the first failure to every stream, so the one that failed first says
    // whose it is: the caller's stream or a size check (theirs), or the connection (Storage's).
    let first: { local: boolean; error: Error } | null = null;
    body.once('error', (error) => (first ??= { local: true, error }));
    digest.once('error', (error) => (first ??= { local: true, error }));
    cap.once('error', (error) => (first ??= { local: true, error }));
    request.once('error', (error) => (first ??= { local: false, error }));
    const localFailure = (): Error | null => (first?.local ? first.error : null);
    const answered = responseOf(request);
    const sent = pipeline(body, digest, cap, request);
    sent.catch(() => undefined);

    let response: http.IncomingMessage;
    try {
      response = await answered;
    } catch (error) {
      body.destroy();
      throw localFailure() ?? this.unavailable('upload', error);
    }
    if (response.statusCode !== 200) {
      // Storage may answer before reading the body, and then never serves the connection
      // again: it was this upload's own, and goes with it, whether the body was all sent or not.
      const failure = await this.errorFrom('upload', key, response, expectedSize);
      request.destroy();
      body.destroy();
      throw failure;
    }
    try {
      await sent;
    } catch (error) {
      throw localFailure() ?? this.unavailable('upload', error);
    } finally {
      response.resume();
    }
    return { key, size: digest.bytes, sha256: digest.sha256, contentType: options.contentType };
  }

  private async moveIntoPlace(staging: string, key: string): Promise<void> {
    const { error } = await this.client.storage.from(this.bucket).move(staging, key);
    if (!error) return;
    const failure = await this.fromSupabaseError('move', key, error);
    // "Not found" here is the staged object, not the caller's.
    if (failure instanceof ObjectNotFoundError)
      throw new Error(`Supabase Storage move: the staged upload ${staging} was gone before it could be moved to ${key}`);
    throw failure;
  }

  private async removeStaged(staging: string): Promise<void> {
    const { error } = await this.client.storage.from(this.bucket).remove([staging]);
    if (error)
      this.logger.warn(
        `A staged upload was left at ${staging} (${this.unavailable('remove', (error as { originalError?: unknown }).originalError ?? error).message})`,
      );
  }

  async info(key: string): Promise<ObjectInfo | null> {
    this.assertKey(key);
    const { data, error } = await this.client.storage.from(this.bucket).info(key);
    if (error) {
      const failure = await this.fromSupabaseError('info', key, error);
      if (failure instanceof ObjectNotFoundError) return null;
      throw failure;
    }
    const raw = data as unknown as { size?: number; contentType?: string | null; metadata?: { size?: number; mimetype?: string } | null };
    return {
      key,
      size: Number(raw.size ?? raw.metadata?.size ?? 0),
      contentType: raw.contentType ?? raw.metadata?.mimetype ?? null,
    };
  }

  /** `size` is the number of bytes `body` yields (the range's length for a range). */
  async get(key: string, range?: { start: number; end?: number }): Promise<{ body: Readable; size: number; contentType: string | null }> {
    this.assertKey(key);
    const headers: Record<string, string> = {};
    if (range) {
      const { start, end } = range;
      if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
        throw new RangeError(`Invalid range ${start}-${end ?? ''}`);
      }
      headers.range = `bytes=${start}-${end ?? ''}`;
    }
    const request = this.request('download', 'GET', this.objectPath(key), headers);
    request.end();
    let response: http.IncomingMessage;
    try {
      response = await responseOf(request);
    } catch (error) {
      throw this.unavailable('download', error);
    }
    const status = response.statusCode ?? 0;
    if (status === 416) {
      response.resume();
      throw new RangeError(`Range ${headers.range} is not satisfiable`);
    }
    if (status !== 200 && status !== 206) throw await this.errorFrom('download', key, response, null);
    if (range && status === 200 && range.start !== 0) {
      // A server that ignored the range (a 200 is right only for a range from the first byte).
      response.destroy();
      throw new Error('Supabase Storage ignored the Range header');
    }
    const contentType = typeof response.headers['content-type'] === 'string' ? response.headers['content-type'] : null;
    const size = await this.bodyLength(key, response);
    // Failures after this point (a dropped connection, an idle stream) reach the caller as
    // errors of the body stream, as StorageUnavailableError.
    const body = new PassThrough();
    response.once('error', (error) => body.destroy(this.unavailable('download', error)));
    body.once('close', () => {
      if (!response.complete) response.destroy();
    });
    request.removeAllListeners('timeout');
    request.on('timeout', () => response.destroy(this.idleTimeout('download')));
    response.pipe(body);
    return { body, size, contentType };
  }

  /** The body's length: content-length, else the range in content-range, else the object's size. */
  private async bodyLength(key: string, response: http.IncomingMessage): Promise<number> {
    const length = Number(response.headers['content-length'] ?? NaN);
    if (Number.isSafeInteger(length)) return length;
    const range = /^bytes (\d+)-(\d+)\//.exec(response.headers['content-range'] ?? '');
    if (range) return Number(range[2]) - Number(range[1]) + 1;
    const info = await this.info(key);
    return info?.size ?? 0;
  }

  async signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    this.assertKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer between 1 and ${MAX_SIGNED_URL_SECONDS}`);
    }
    const { data, error } = await this.client.storage.from(this.bucket).createSignedUrl(key, expiresInSeconds);
    if (error) {
      const failure = await this.fromSupabaseError('sign', key, error);
      // Storage looks the object up without a look at the bucket: a missing bucket reads as a missing object.
      if (failure instanceof ObjectNotFoundError) throw (await this.bucketProblem('sign')) ?? failure;
      throw failure;
    }
    // supabase-js makes Storage's relative `signedURL` absolute: `${SUPABASE_URL}/storage/v1${signedURL}`.
    return data.signedUrl;
  }

  async remove(key: string): Promise<void> {
    this.assertKey(key);
    // Answers the removed objects; a missing key is simply left out.
    const { data, error } = await this.client.storage.from(this.bucket).remove([key]);
    if (error) {
      const failure = await this.fromSupabaseError('remove', key, error);
      if (!(failure instanceof ObjectNotFoundError)) throw failure;
      return;
    }
    // Nothing removed: no such object, or no such bucket (Storage answers 200 [] to both).
    if (Array.isArray(data) && data.length === 0) {
      const problem = await this.bucketProblem('remove');
      if (problem) throw problem;
    }
  }

  /** The shared key rules, and Storage's own character set. */
  private assertKey(key: string): void {
    assertValidObjectKey(key);
    if (!STORAGE_KEY.test(key)) {
      throw new Error(
        `Invalid object key ${JSON.stringify(key)}: Supabase Storage accepts only ASCII letters, digits, spaces and _/!.*'()&$=@;:+,- (no %, # or ?)`,
      );
    }
  }

  private objectPath(key: string): string {
    return `/storage/v1/object/${encodeURIComponent(this.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  /**
   * A request with the service key. Downloads share the pooled agent; an upload gets a
   * connection of its own (`agent: false`, `Connection: close`), never returned to a pool:
   * Storage answers a refused upload before reading its body and never serves that
   * connection again, and the whole body may already be written when the answer comes.
   */
  private request(operation: 'upload' | 'download', method: string, pathname: string, headers: Record<string, string>): http.ClientRequest {
    const url = new URL(`${this.baseUrl}${pathname}`);
    const transport = url.protocol === 'https:' ? https : http;
    const ownConnection = operation === 'upload';
    const request = transport.request(url, {
      method,
      agent: ownConnection ? false : this.agent,
      headers: {
        apikey: this.serviceKey,
        authorization: `Bearer ${this.serviceKey}`,
        ...(ownConnection ? { connection: 'close' } : {}),
        ...headers,
      },
    });
    if (this.options.streamIdleTimeoutMs > 0) {
      request.setTimeout(this.options.streamIdleTimeoutMs, () => request.destroy(this.idleTimeout(operation)));
    }
    return request;
  }

  private idleTimeout(operation: string): StorageUnavailableError {
    return new StorageUnavailableError(
      `Supabase Storage ${operation} timed out after ${this.options.streamIdleTimeoutMs} ms without data`,
      null,
    );
  }

  /** A transport failure, named: a timeout by its deadline, a socket error by its code and message. */
  private unavailable(operation: string, cause: unknown): StorageUnavailableError {
    if (cause instanceof StorageUnavailableError) return cause;
    type Failure = { name?: unknown; code?: unknown; message?: unknown; cause?: Failure } | null | undefined;
    const e = cause as Failure;
    // fetch's deadline (AbortSignal.timeout) rejects with a DOMException whose name says it; its `code` is a number (23).
    if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') {
      return new StorageUnavailableError(`Supabase Storage ${operation} timed out after ${this.options.requestTimeoutMs} ms`, null);
    }
    // fetch wraps the socket's error: "fetch failed", cause ECONNREFUSED.
    const inner = e?.cause ?? e;
    const code = typeof inner?.code === 'string' ? inner.code : typeof e?.code === 'string' ? e.code : null;
    const message =
      typeof inner?.message === 'string' && inner.message ? inner.message : typeof e?.message === 'string' ? e.message : String(cause);
    const detail = code && !message.includes(code) ? `${code} (${message})` : message;
    return new StorageUnavailableError(`Supabase Storage ${operation} failed: ${detail}`, null);
  }

  private misconfigured(problem: string): StorageConfigurationError {
    return new StorageConfigurationError(`Supabase Storage: ${problem}`, problem);
  }

  /** What checkAccess says is wrong, as met by `operation`; null when the bucket answers (or Storage does not). */
  private async bucketProblem(operation: string): Promise<StorageConfigurationError | null> {
    try {
      await this.checkAccess();
      return null;
    } catch (error) {
      if (!(error instanceof StorageConfigurationError)) return null;
      return new StorageConfigurationError(`Supabase Storage ${operation}: ${error.problem}`, error.problem);
    }
  }

  /** A "bucket not found" answer, explained: a missing bucket, or a key Storage read as anonymous. */
  private async explained(operation: string, failure: Error): Promise<Error> {
    if (!(failure instanceof BucketNotFound)) return failure;
    return (await this.bucketProblem(operation)) ?? failure;
  }

  /** Reads a non-2xx answer (bounded) and maps it. */
  private async errorFrom(operation: string, key: string, response: http.IncomingMessage, size: number | null): Promise<Error> {
    const status = response.statusCode ?? 0;
    let text = '';
    try {
      for await (const chunk of response) {
        if (text.length < MAX_ERROR_BODY) text += (chunk as Buffer).toString('utf8');
      }
    } catch {
      /* the body is only for the message */
    }
    let body: StorageErrorBody | null = null;
    try {
      body = JSON.parse(text) as StorageErrorBody;
    } catch {
      body = null;
    }
    return this.explained(
      operation,
      this.mapError(operation, key, status, body ?? { message: text.slice(0, 200) || response.statusMessage }, size),
    );
  }

  /** supabase-js' StorageApiError carries `status` (HTTP) and `statusCode` (Storage's); anything else is a transport failure. */
  private async fromSupabaseError(operation: string, key: string, error: unknown): Promise<Error> {
    const e = error as { name?: string; status?: number; statusCode?: string; message?: string; originalError?: unknown };
    if (e.name === 'StorageApiError' && typeof e.status === 'number') {
      return this.explained(
        operation,
        this.mapError(operation, key, e.status, { statusCode: e.statusCode, message: e.message, error: e.message }, null),
      );
    }
    return this.unavailable(operation, e.originalError ?? error);
  }

  /** A supabase-js error of a configuration check, sorted. */
  private classify(
    operation: string,
    error: unknown,
  ): { kind: 'unavailable'; error: StorageUnavailableError } | { kind: 'key' | 'route' | 'other'; detail: string } | { kind: 'bucket' } {
    const e = error as { name?: string; status?: number; statusCode?: string; message?: string; originalError?: unknown };
    if (e.name !== 'StorageApiError' || typeof e.status !== 'number')
      return { kind: 'unavailable', error: this.unavailable(operation, e.originalError ?? error) };
    const code = String(e.statusCode ?? e.status);
    const message = e.message ?? `HTTP ${e.status}`;
    if (e.status >= 500 || e.status === 408 || e.status === 429 || /^5\d\d$/.test(code) || code === '429') {
      return { kind: 'unavailable', error: new StorageUnavailableError(`Supabase Storage ${operation}: ${e.status} ${message}`, e.status) };
    }
    if (code === '401' || code === '403' || e.status === 401 || e.status === 403 || /jwt|signature|unauthorized/i.test(message))
      return { kind: 'key', detail: message };
    if (code === '404' && /bucket not found/i.test(message)) return { kind: 'bucket' };
    if (e.status === 404) return { kind: 'route', detail: message };
    return { kind: 'other', detail: `${e.status}/${code}: ${message}` };
  }

  private mapError(operation: string, key: string, status: number, body: StorageErrorBody, size: number | null): Error {
    const code = String(body.statusCode ?? status);
    const what = [body.error, body.message].filter((s, i, all) => s && all.indexOf(s) === i).join(': ') || `HTTP ${status}`;
    if (status >= 500 || status === 408 || status === 429 || /^5\d\d$/.test(code) || code === '429') {
      return new StorageUnavailableError(`Supabase Storage ${operation}: ${status} ${what}`, status);
    }
    if (code === '409' || body.error === 'Duplicate' || body.code === 'KeyAlreadyExists' || body.code === 'ResourceAlreadyExists') {
      return new ObjectAlreadyExistsError(key);
    }
    if (code === '413' || body.code === 'EntityTooLarge') {
      const what413 = size === null ? 'the body is' : `${size} bytes are`;
      return new StorageObjectTooLargeError(
        key,
        `Supabase Storage refused ${key}: ${what413} over the bucket's or the server's size limit (413 EntityTooLarge: ${body.message ?? what})`,
      );
    }
    const bucketMissing = body.code === 'NoSuchBucket' || /bucket not found/i.test(what);
    // Only Storage's own "no such object" counts: a bare 404 (a wrong SUPABASE_URL) must not read as a missing object.
    const objectMissing = body.error === 'not_found' || body.code === 'NoSuchKey' || /object not found/i.test(what);
    if (!bucketMissing && objectMissing && (code === '404' || status === 404)) return new ObjectNotFoundError(key);
    if (bucketMissing) {
      const problem = `bucket "${this.bucket}" not found`;
      return new BucketNotFound(`Supabase Storage ${operation}: ${problem}`, problem);
    }
    if (code === '403' || body.code === 'AccessDenied') {
      const problem = /row-level security/i.test(what)
        ? `refused by row-level security (${what}): SUPABASE_SERVICE_ROLE_KEY is not the service role key`
        : keyRefused(body.message ?? what);
      return new StorageConfigurationError(`Supabase Storage ${operation}: ${problem}`, problem);
    }
    return new Error(`Supabase Storage ${operation} refused (${status}/${code}): ${what}`);
  }
}

function keyRefused(detail: string): string {
  return `refused SUPABASE_SERVICE_ROLE_KEY (${detail}): it is not a valid key of this project (signed with another JWT secret?)`;
}

/** The answer's headers, or the request's failure. */
function responseOf(request: http.ClientRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
    // Later errors (a request destroyed after its answer) are seen through the streams, not here.
    request.on('error', () => undefined);
  });
}
