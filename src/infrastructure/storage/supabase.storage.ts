import * as http from 'node:http';
import * as https from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  ObjectStorage,
  StorageUnavailableError,
  type ObjectInfo,
  type StoredObject,
} from '../../domain/recording/ports/object-storage.port';
import { AppConfig } from '../config/app-config';
import { assertValidObjectKey, DigestingStream, MAX_SIGNED_URL_SECONDS } from './local-disk.storage';

export interface SupabaseStorageOptions {
  /** Deadline of one JSON call (info, sign, remove), connection to last byte. */
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

/** An error answer of Storage: HTTP 400 with the meaningful status as a string in `statusCode`. */
interface StorageErrorBody {
  statusCode?: string | number;
  error?: string;
  message?: string;
  code?: string;
}

/** Longest error body read from Storage; the rest is dropped. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * Supabase Storage (`/storage/v1`) with the service role key. Bodies stream both ways through
 * node:http(s) (supabase-js' `upload` would hand the stream to fetch, with no way to hash it on
 * the way or bound an idle stream): uploads are `POST /object/{bucket}/{key}` with a chunked
 * body, hashed and counted as they go; downloads are `GET /object/{bucket}/{key}` with `Range`.
 * The JSON calls (info, sign, remove) go through supabase-js.
 *
 * Storage answers most errors with HTTP 400 and the real status as a string in the body's
 * `statusCode` ("409" Duplicate, "404" not_found or Bucket not found, "415" ...). Mapped:
 * Duplicate → ObjectAlreadyExistsError; a missing object → ObjectNotFoundError (a missing
 * bucket is a configuration error: a plain Error); 5xx, 408, 429, timeouts and connection
 * failures → StorageUnavailableError; anything else → Error with Storage's message.
 * Messages never contain the service key.
 */
@Injectable()
export class SupabaseObjectStorage extends ObjectStorage implements OnModuleDestroy {
  private readonly options: SupabaseStorageOptions;
  private readonly baseUrl: string;
  private readonly serviceKey: string;
  private readonly bucket: string;
  private readonly client: SupabaseClient;
  private readonly agent: http.Agent;

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

  onModuleDestroy(): void {
    this.agent.destroy();
  }

  async put(key: string, body: Readable, options: { contentType: string; overwrite: boolean; expectedSize?: number | null }): Promise<StoredObject> {
    try {
      assertValidObjectKey(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    const digest = new DigestingStream(options.expectedSize ?? null);
    const request = this.request('POST', this.objectPath(key), {
      'content-type': options.contentType,
      'x-upsert': options.overwrite ? 'true' : 'false',
      'transfer-encoding': 'chunked',
    });
    // pipeline() hands the first failure to every stream, so the one that failed first says
    // whose it is: the caller's stream or the size check (theirs), or the connection (Storage's).
    let first: { local: boolean; error: Error } | null = null;
    body.once('error', (error) => (first ??= { local: true, error }));
    digest.once('error', (error) => (first ??= { local: true, error }));
    request.once('error', (error) => (first ??= { local: false, error }));
    const localFailure = (): Error | null => (first?.local ? first.error : null);
    const answered = responseOf(request);
    const sent = pipeline(body, digest, request);
    sent.catch(() => undefined);

    let response: http.IncomingMessage;
    try {
      response = await answered;
    } catch (error) {
      body.destroy();
      throw localFailure() ?? this.unavailable('upload', error);
    }
    if (response.statusCode !== 200) {
      // Storage may answer before reading the whole body: stop sending.
      const failure = await this.errorFrom('upload', key, response);
      if (!request.writableFinished) {
        request.destroy();
        body.destroy();
      }
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

  async info(key: string): Promise<ObjectInfo | null> {
    assertValidObjectKey(key);
    const { data, error } = await this.client.storage.from(this.bucket).info(key);
    if (error) {
      const failure = this.fromSupabaseError('info', key, error);
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
    assertValidObjectKey(key);
    const headers: Record<string, string> = {};
    if (range) {
      const { start, end } = range;
      if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
        throw new RangeError(`Invalid range ${start}-${end ?? ''}`);
      }
      headers.range = `bytes=${start}-${end ?? ''}`;
    }
    const request = this.request('GET', this.objectPath(key), headers);
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
    if (status !== 200 && status !== 206) throw await this.errorFrom('download', key, response);
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
    request.on('timeout', () => response.destroy(new StorageUnavailableError(`Supabase Storage download: no data for ${this.options.streamIdleTimeoutMs} ms`, null)));
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
    assertValidObjectKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer between 1 and ${MAX_SIGNED_URL_SECONDS}`);
    }
    const { data, error } = await this.client.storage.from(this.bucket).createSignedUrl(key, expiresInSeconds);
    if (error) throw this.fromSupabaseError('sign', key, error);
    // supabase-js makes Storage's relative `signedURL` absolute: `${SUPABASE_URL}/storage/v1${signedURL}`.
    return data.signedUrl;
  }

  async remove(key: string): Promise<void> {
    assertValidObjectKey(key);
    // Answers the removed objects; a missing key is simply left out.
    const { error } = await this.client.storage.from(this.bucket).remove([key]);
    if (error) {
      const failure = this.fromSupabaseError('remove', key, error);
      if (!(failure instanceof ObjectNotFoundError)) throw failure;
    }
  }

  private objectPath(key: string): string {
    return `/storage/v1/object/${encodeURIComponent(this.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private request(method: string, pathname: string, headers: Record<string, string>): http.ClientRequest {
    const url = new URL(`${this.baseUrl}${pathname}`);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method,
      agent: this.agent,
      headers: { apikey: this.serviceKey, authorization: `Bearer ${this.serviceKey}`, ...headers },
    });
    if (this.options.streamIdleTimeoutMs > 0) {
      request.setTimeout(this.options.streamIdleTimeoutMs, () => {
        request.destroy(new StorageUnavailableError(`Supabase Storage ${method}: no data for ${this.options.streamIdleTimeoutMs} ms`, null));
      });
    }
    return request;
  }

  private unavailable(operation: string, cause: unknown): StorageUnavailableError {
    if (cause instanceof StorageUnavailableError) return cause;
    const e = cause as (NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) | null;
    // fetch wraps the socket's error: "fetch failed", cause ECONNREFUSED.
    const detail = e?.cause?.code ?? e?.code ?? (e?.name === 'TimeoutError' ? 'timed out' : e?.message) ?? String(cause);
    return new StorageUnavailableError(`Supabase Storage ${operation} failed: ${detail}`, null);
  }

  /** Reads a non-2xx answer (bounded) and maps it. */
  private async errorFrom(operation: string, key: string, response: http.IncomingMessage): Promise<Error> {
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
    return this.mapError(operation, key, status, body ?? { message: text.slice(0, 200) || response.statusMessage });
  }

  /** supabase-js' StorageApiError carries `status` (HTTP) and `statusCode` (Storage's); anything else is a transport failure. */
  private fromSupabaseError(operation: string, key: string, error: unknown): Error {
    const e = error as { name?: string; status?: number; statusCode?: string; message?: string; originalError?: unknown };
    if (e.name === 'StorageApiError' && typeof e.status === 'number') {
      return this.mapError(operation, key, e.status, { statusCode: e.statusCode, message: e.message, error: e.message });
    }
    return this.unavailable(operation, e.originalError ?? error);
  }

  private mapError(operation: string, key: string, status: number, body: StorageErrorBody): Error {
    const code = String(body.statusCode ?? status);
    const what = [body.error, body.message].filter((s, i, all) => s && all.indexOf(s) === i).join(': ') || `HTTP ${status}`;
    if (status >= 500 || status === 408 || status === 429 || /^5\d\d$/.test(code) || code === '429') {
      return new StorageUnavailableError(`Supabase Storage ${operation}: ${status} ${what}`, status);
    }
    if (code === '409' || body.error === 'Duplicate' || body.code === 'KeyAlreadyExists') return new ObjectAlreadyExistsError(key);
    const bucketMissing = body.code === 'NoSuchBucket' || /bucket not found/i.test(what);
    // Only Storage's own "no such object" counts: a bare 404 (a wrong SUPABASE_URL) must not read as a missing object.
    const objectMissing = body.error === 'not_found' || body.code === 'NoSuchKey' || /object not found/i.test(what);
    if (!bucketMissing && objectMissing && (code === '404' || status === 404)) return new ObjectNotFoundError(key);
    if (bucketMissing) return new Error(`Supabase Storage ${operation}: bucket "${this.bucket}" not found`);
    return new Error(`Supabase Storage ${operation} refused (${status}/${code}): ${what}`);
  }
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
