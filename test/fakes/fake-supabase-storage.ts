import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, promises as fsp, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A local stand-in for Supabase Storage's HTTP API under `/storage/v1`, answering as the
 * open-source Storage server was seen to answer (and as its source reads):
 *
 * - Errors are HTTP 400 with the meaningful status as a string in `statusCode`, and a `code`:
 *   `"409"` Duplicate/KeyAlreadyExists, `"404"` not_found/NoSuchKey or Bucket not found/NoSuchBucket,
 *   `"415"` invalid_mime_type, `"413"` EntityTooLarge, `"403"` Unauthorized/AccessDenied,
 *   `"400"` InvalidKey; a signed URL's bad token is `"400"` InvalidJWT (no code).
 * - An upload is refused (bucket, MIME type, declared size, key, permission, duplicate) before
 *   its body is read, and the connection it came on is never served again: a client that
 *   pools that socket waits forever on its next request there.
 * - The duplicate check of `x-upsert: false` is a trial insert made before the body arrives;
 *   the object is then upserted, so concurrent puts to one key all succeed (the last wins).
 *   `POST /object/move` is atomic: it refuses (409) a destination that exists.
 * - Size limits (the bucket's `file_size_limit`, the server's own) apply to a declared
 *   `Content-Length` only; a chunked body of any size is stored.
 * - Keys with `%`, `#`, `?`, non-ASCII or other characters outside Storage's set are refused
 *   with InvalidKey on writes (reads simply find nothing).
 * - Keys are JWTs of the project: the service key (`service_role`) sees everything; a valid
 *   key of another role (the anon key) is subject to row-level security, which here has no
 *   policy at all: it sees no bucket and no object, and may write nothing (403). A key that is
 *   not valid (signed with another secret) is refused with AccessDenied, except on reads
 *   (object and info), which treat it as anonymous: a private bucket is then "not found".
 * - On a missing bucket, `DELETE /object/{bucket}` answers 200 `[]` and signing says the object
 *   is not found.
 *
 * Bodies stream to files in a temporary directory (a 100 MB upload costs no memory here).
 * Faults can be injected (5xx answers, early refusals, dropped connections, delays) and
 * every request is logged, without its credentials.
 *
 *   const fake = await FakeSupabaseStorage.start();
 *   // SUPABASE_URL=fake.url SUPABASE_SERVICE_ROLE_KEY=fake.serviceKey STORAGE_BUCKET=fake.bucket
 *   fake.failNextUploads(1);                     // the next upload answers 503
 *   fake.failNextUploads(1, 'drop-mid-upload');  // the next upload's connection is cut
 *   fake.failNextUploads(1, 'refuse-duplicate'); // the next upload is refused early (409)
 */

export type StorageOperation =
  'upload' | 'download' | 'info' | 'sign' | 'signed-download' | 'remove' | 'move' | 'list' | 'bucket' | 'list-buckets';

export type FaultMode =
  /** Answer 503 at once (as a gateway in front of Storage does). */
  | 'unavailable'
  /** Answer 500 with Storage's internal error body. */
  | 'internal-error'
  /** Destroy the connection without answering. */
  | 'drop'
  /** Uploads: read part of the body, then destroy the connection. */
  | 'drop-mid-upload'
  /** Uploads: refused as a duplicate (400, "409") before the body is read; the connection is never served again. */
  | 'refuse-duplicate'
  /** Uploads: refused by row-level security (400, "403") before the body is read; the connection is never served again. */
  | 'refuse-forbidden'
  /** Downloads: send the headers and part of the body, then destroy the connection. */
  | 'drop-mid-download';

type UploadFault = 'unavailable' | 'internal-error' | 'drop' | 'drop-mid-upload' | 'refuse-duplicate' | 'refuse-forbidden';

interface Fault {
  operation: StorageOperation | 'any';
  mode: FaultMode | { delayMs: number };
  remaining: number;
}

export interface LoggedRequest {
  method: string;
  /** Decoded, without `/storage/v1` and the query. */
  path: string;
  operation: StorageOperation | 'unknown';
  query: Record<string, string>;
  /** Headers, without `authorization` and `apikey`. */
  headers: http.IncomingHttpHeaders;
  /** Both `apikey` and `Authorization: Bearer` carried the service key. */
  authorized: boolean;
  status: number | null;
  /** Body bytes received (uploads). */
  bodyBytes: number;
  /** An injected fault, `refused-early` (an upload answered before its body was read), or `poisoned-connection` (never answered). */
  fault: string | null;
}

export interface BucketOptions {
  /** MIME types the bucket accepts; all when absent. */
  allowedMimeTypes?: string[];
  /** The bucket's `file_size_limit` in bytes (declared sizes only, as Storage does); none when absent. */
  fileSizeLimit?: number | null;
}

interface Bucket extends BucketOptions {
  createdAt: string;
}

interface StoredObject {
  id: string;
  bucket: string;
  name: string;
  file: string;
  size: number;
  contentType: string;
  etag: string;
  version: string;
  createdAt: string;
  updatedAt: string;
}

/** Who a request is, as Storage's JWT check sees it. */
interface Caller {
  /** The role claim of a valid key; `anon` for a key that is not valid. */
  role: string;
  /** The key was a valid JWT of this project (or the service key). */
  authenticated: boolean;
  /** Why the key was not valid. */
  invalid: string | null;
}

const PREFIX = '/storage/v1';
/** Storage's set of key characters (its own check also allows `?`, which the real server refuses). */
const VALID_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,-]+$/;

const ERRORS = {
  noSuchBucket: { statusCode: '404', code: 'NoSuchBucket', error: 'Bucket not found', message: 'Bucket not found' },
  noSuchKey: { statusCode: '404', code: 'NoSuchKey', error: 'not_found', message: 'Object not found' },
  duplicate: { statusCode: '409', code: 'KeyAlreadyExists', error: 'Duplicate', message: 'The resource already exists' },
  moveDuplicate: { statusCode: '409', code: 'ResourceAlreadyExists', error: 'Duplicate', message: 'The resource already exists' },
  tooLarge: {
    statusCode: '413',
    code: 'EntityTooLarge',
    error: 'Payload too large',
    message: 'The object exceeded the maximum allowed size',
  },
  rls: { statusCode: '403', code: 'AccessDenied', error: 'Unauthorized', message: 'new row violates row-level security policy' },
  accessDenied: (message: string) => ({ statusCode: '403', code: 'AccessDenied', error: 'Unauthorized', message }),
  invalidKey: (key: string) => ({ statusCode: '400', code: 'InvalidKey', error: 'InvalidKey', message: `Invalid key: ${key}` }),
  invalidMime: (type: string) => ({
    statusCode: '415',
    code: 'InvalidMimeType',
    error: 'invalid_mime_type',
    message: `mime type ${type} is not supported`,
  }),
};

export class FakeSupabaseStorage {
  readonly requests: LoggedRequest[] = [];
  private readonly objects = new Map<string, StoredObject>();
  private readonly faults: Fault[] = [];
  /** Connections answered before their upload body was read: never served again. */
  private readonly poisoned = new WeakSet<Socket>();
  private clockOffsetMs = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    private readonly buckets: Map<string, Bucket>,
    /** The project's JWT secret: keys and signed URLs are signed with it. */
    private readonly jwtSecret: Buffer,
    /** The server's own upload limit (FILE_SIZE_LIMIT), for declared sizes; none when null. */
    private readonly uploadFileSizeLimit: number | null,
    /** SUPABASE_URL. */
    readonly url: string,
    /** SUPABASE_SERVICE_ROLE_KEY: a JWT of the `service_role` role, unless one was given. */
    readonly serviceKey: string,
    /** The project's anon key: a valid JWT of the `anon` role. */
    readonly anonKey: string,
    /** The first bucket (STORAGE_BUCKET). */
    readonly bucket: string,
  ) {}

  static async start(
    options: { buckets?: Record<string, BucketOptions>; serviceKey?: string; uploadFileSizeLimit?: number | null } = {},
  ): Promise<FakeSupabaseStorage> {
    const now = new Date().toISOString();
    const buckets = new Map(Object.entries(options.buckets ?? { recordings: {} }).map(([name, o]) => [name, { ...o, createdAt: now }]));
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-supabase-storage-'));
    const jwtSecret = randomBytes(32);
    const iat = Math.floor(Date.now() / 1000);
    const serviceKey = options.serviceKey ?? signJwt(jwtSecret, { iss: 'supabase-fake', role: 'service_role', iat });
    const anonKey = signJwt(jwtSecret, { iss: 'supabase-fake', role: 'anon', iat });
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSupabaseStorage(
      server,
      dir,
      buckets,
      jwtSecret,
      options.uploadFileSizeLimit ?? null,
      `http://127.0.0.1:${port}`,
      serviceKey,
      anonKey,
      [...buckets.keys()][0] ?? 'recordings',
    );
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) fake.send(res, 500, { statusCode: '500', code: 'InternalError', error: 'internal', message: error.message });
        else res.destroy();
      });
    });
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A key of this project's shape (a `service_role` JWT by default) signed with another secret. */
  keySignedWithAnotherSecret(role = 'service_role'): string {
    return signJwt(randomBytes(32), { iss: 'supabase-fake', role, iat: Math.floor(Date.now() / 1000) });
  }

  createBucket(name: string, options: BucketOptions = {}): void {
    this.buckets.set(name, { ...options, createdAt: new Date(this.now()).toISOString() });
  }

  /** Drops a bucket and its objects (as an operator emptying and deleting it). */
  deleteBucket(name: string): void {
    this.buckets.delete(name);
    for (const [key, object] of this.objects) if (object.bucket === name) this.objects.delete(key);
  }

  /** The next `count` uploads fail: 503 at once, refused early (409/403), or the connection cut. */
  failNextUploads(count: number, mode: UploadFault = 'unavailable'): void {
    this.faults.push({ operation: 'upload', mode, remaining: count });
  }

  /** The next `count` requests (of one operation, or any) fail. */
  failNextRequests(
    count: number,
    mode: Exclude<FaultMode, 'drop-mid-upload' | 'refuse-duplicate' | 'refuse-forbidden'> = 'unavailable',
    operation: StorageOperation | 'any' = 'any',
  ): void {
    if (mode === 'drop-mid-download' && operation !== 'download' && operation !== 'signed-download') {
      throw new Error('drop-mid-download applies to download or signed-download');
    }
    this.faults.push({ operation, mode, remaining: count });
  }

  /** The next `count` requests wait before being handled (to trip a client's timeout). */
  delayNextRequests(count: number, delayMs: number, operation: StorageOperation | 'any' = 'any'): void {
    this.faults.push({ operation, mode: { delayMs }, remaining: count });
  }

  /** Moves the server's clock (signed URL expiry) forward. */
  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  hasObject(name: string, bucket = this.bucket): boolean {
    return this.objects.has(`${bucket}/${name}`);
  }

  /** A stored object's bytes (a test double may buffer). */
  readObject(name: string, bucket = this.bucket): Buffer | null {
    const object = this.objects.get(`${bucket}/${name}`);
    return object ? readFileSync(object.file) : null;
  }

  objectCount(): number {
    return this.objects.size;
  }

  /** The names of the objects in a bucket, sorted. */
  objectNames(bucket = this.bucket): string[] {
    return [...this.objects.values()]
      .filter((o) => o.bucket === bucket)
      .map((o) => o.name)
      .sort();
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  // ------------------------------------------------------------------ routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const { authorization, apikey, ...headers } = req.headers;
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname),
      operation: 'unknown',
      query: Object.fromEntries(url.searchParams),
      headers,
      authorized: apikey === this.serviceKey && authorization === `Bearer ${this.serviceKey}`,
      status: null,
      bodyBytes: 0,
      fault: null,
    };
    this.requests.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    if (this.poisoned.has(req.socket)) {
      // Storage never serves a connection again once it answered an upload without reading its body.
      entry.fault = 'poisoned-connection';
      return;
    }

    const method = req.method ?? 'GET';
    const route = this.route(method, url.pathname);
    if (!route) return this.send(res, 404, { statusCode: '404', error: 'Not Found', message: `Route ${method}:${url.pathname} not found` });
    entry.operation = route.operation;

    const fault = this.takeFault(route.operation);
    if (fault) {
      entry.fault = typeof fault === 'string' ? fault : `delay ${fault.delayMs}ms`;
      if (typeof fault === 'object') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      else if (fault === 'drop') return void req.socket.destroy();
      else if (fault === 'unavailable') return this.send(res, 503, { message: 'Service Unavailable' });
      else if (fault === 'internal-error')
        return this.send(res, 500, { statusCode: '500', code: 'InternalError', error: 'internal', message: 'Internal Server Error' });
      else if (fault === 'refuse-duplicate') return this.refuseUpload(req, res, entry, ERRORS.duplicate);
      else if (fault === 'refuse-forbidden') return this.refuseUpload(req, res, entry, ERRORS.rls);
    }
    const caller = this.callerOf(req);
    // Only reads (objects and their info) let a key that is not valid through, as anonymous.
    const readsAsAnonymous = route.operation === 'download' || route.operation === 'info' || route.operation === 'signed-download';
    if (caller.invalid !== null && !readsAsAnonymous) {
      const answer = ERRORS.accessDenied(caller.invalid);
      if (route.operation === 'upload') return this.refuseUpload(req, res, entry, answer);
      req.resume();
      return this.send(res, 400, answer);
    }
    const { bucket, name } = route;
    switch (route.operation) {
      case 'upload':
        return this.upload(req, res, entry, caller, bucket, name, method === 'PUT', fault === 'drop-mid-upload');
      case 'download':
        return this.download(req, res, caller, bucket, name, fault === 'drop-mid-download');
      case 'info':
        return this.info(res, caller, bucket, name);
      case 'sign':
        return this.sign(req, res, caller, bucket, name);
      case 'signed-download':
        return this.signedDownload(req, res, url, bucket, name, fault === 'drop-mid-download');
      case 'remove':
        return this.remove(req, res, caller, bucket);
      case 'move':
        return this.move(req, res, caller);
      case 'list':
        return this.list(req, res, caller, bucket);
      case 'bucket':
        return this.getBucket(res, caller, bucket);
      case 'list-buckets':
        return this.listBuckets(res, caller);
    }
  }

  private route(method: string, pathname: string): { operation: StorageOperation; bucket: string; name: string } | null {
    if (method === 'GET' && (pathname === `${PREFIX}/bucket` || pathname === `${PREFIX}/bucket/`))
      return { operation: 'list-buckets', bucket: '', name: '' };
    if (method === 'GET' && pathname.startsWith(`${PREFIX}/bucket/`)) {
      const id = pathname.slice(`${PREFIX}/bucket/`.length);
      return id && !id.includes('/') ? { operation: 'bucket', bucket: safeDecode(id), name: '' } : null;
    }
    if (!pathname.startsWith(`${PREFIX}/object/`)) return null;
    const rest = pathname.slice(`${PREFIX}/object/`.length);
    const split = (p: string): { bucket: string; name: string } | null => {
      const slash = p.indexOf('/');
      if (slash <= 0 || slash === p.length - 1) return null;
      return { bucket: safeDecode(p.slice(0, slash)), name: safeDecode(p.slice(slash + 1)) };
    };
    if (method === 'POST' && rest === 'move') return { operation: 'move', bucket: '', name: '' };
    // Before uploads: `POST /object/list/{bucket}` is the listing, not an upload to bucket "list".
    if (method === 'POST' && rest.startsWith('list/') && rest.length > 5 && !rest.slice(5).includes('/')) {
      return { operation: 'list', bucket: safeDecode(rest.slice(5)), name: '' };
    }
    if (method === 'DELETE' && rest.length > 0 && !rest.includes('/')) return { operation: 'remove', bucket: safeDecode(rest), name: '' };
    const sub = (prefix: string) => (rest.startsWith(prefix) ? split(rest.slice(prefix.length)) : null);
    let target: { bucket: string; name: string } | null;
    if ((method === 'GET' || method === 'HEAD') && (target = sub('info/'))) return { operation: 'info', ...target };
    if (method === 'POST' && (target = sub('sign/'))) return { operation: 'sign', ...target };
    if ((method === 'GET' || method === 'HEAD') && (target = sub('sign/'))) return { operation: 'signed-download', ...target };
    if ((method === 'GET' || method === 'HEAD') && (target = sub('authenticated/'))) return { operation: 'download', ...target };
    target = split(rest);
    if (!target) return null;
    if (method === 'POST' || method === 'PUT') return { operation: 'upload', ...target };
    if (method === 'GET' || method === 'HEAD') return { operation: 'download', ...target };
    return null;
  }

  private takeFault(operation: StorageOperation): Fault['mode'] | null {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.operation === 'any' || f.operation === operation));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault.mode;
  }

  /** The role of the request's bearer key: the service key, a valid JWT of the project, or anonymous. */
  private callerOf(req: http.IncomingMessage): Caller {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (token === this.serviceKey) return { role: 'service_role', authenticated: true, invalid: null };
    const verdict = this.verifyJwt(token);
    if ('error' in verdict) return { role: 'anon', authenticated: false, invalid: verdict.error };
    const role = typeof verdict.payload.role === 'string' ? verdict.payload.role : 'anon';
    return { role, authenticated: true, invalid: null };
  }

  /** The service role bypasses row-level security; every other role is subject to it (no policy: nothing visible). */
  private static bypassesRls(caller: Caller): boolean {
    return caller.role === 'service_role';
  }

  // --------------------------------------------------------------- operations

  /**
   * Answers an upload without reading its body, as Storage does for every refusal decided
   * before the upload starts; that connection is then never served again.
   */
  private refuseUpload(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest, body: Record<string, string>): void {
    entry.fault ??= 'refused-early';
    this.poisoned.add(req.socket);
    this.send(res, 400, body);
  }

  private async upload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: LoggedRequest,
    caller: Caller,
    bucket: string,
    name: string,
    isPut: boolean,
    dropMidUpload: boolean,
  ): Promise<void> {
    // Every check Storage makes before it reads the body, in its order.
    const options = this.buckets.get(bucket);
    if (!options) return this.refuseUpload(req, res, entry, ERRORS.noSuchBucket);
    const contentType = (req.headers['content-type'] ?? 'text/plain;charset=UTF-8').toString();
    const allowed = options.allowedMimeTypes;
    if (
      allowed &&
      !allowed.some((t) => t === contentType.split(';')[0]!.trim() || (t.endsWith('/*') && contentType.startsWith(t.slice(0, -1))))
    ) {
      return this.refuseUpload(req, res, entry, ERRORS.invalidMime(contentType));
    }
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    const limits = [options.fileSizeLimit, this.uploadFileSizeLimit].filter((l): l is number => typeof l === 'number');
    // Only a declared length is held against the limits: a chunked body of any size goes through.
    if (declared !== null && limits.length > 0 && declared > Math.min(...limits))
      return this.refuseUpload(req, res, entry, ERRORS.tooLarge);
    if (!VALID_KEY.test(name)) return this.refuseUpload(req, res, entry, ERRORS.invalidKey(name));
    if (!FakeSupabaseStorage.bypassesRls(caller)) return this.refuseUpload(req, res, entry, ERRORS.rls);
    const key = `${bucket}/${name}`;
    const upsert = isPut || String(req.headers['x-upsert'] ?? '').toLowerCase() === 'true';
    // The duplicate check is a trial insert, rolled back, before the body: not a guard.
    if (!upsert && this.objects.has(key)) return this.refuseUpload(req, res, entry, ERRORS.duplicate);
    if (isPut && !this.objects.has(key)) return this.refuseUpload(req, res, entry, ERRORS.noSuchKey);

    const file = path.join(this.dir, `object-${randomUUID()}`);
    const md5 = createHash('md5');
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        entry.bodyBytes = received;
        md5.update(chunk);
        if (dropMidUpload && received >= 64 * 1024) {
          req.socket.destroy();
          callback(new Error('connection dropped by fault injection'));
          return;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(file));
    } catch {
      // An aborted upload stores nothing.
      await fsp.rm(file, { force: true });
      if (!res.headersSent) res.destroy();
      return;
    }
    // Upserted whatever arrived meanwhile: concurrent puts without x-upsert all succeed.
    const existing = this.objects.get(key);
    const now = new Date(this.now()).toISOString();
    const object: StoredObject = {
      id: existing?.id ?? randomUUID(),
      bucket,
      name,
      file,
      size: received,
      contentType,
      etag: `"${md5.digest('hex')}"`,
      version: randomUUID(),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    this.objects.set(key, object);
    if (existing) await fsp.rm(existing.file, { force: true });
    this.send(res, 200, { Key: key, Id: object.id });
  }

  /** The bucket of a read (found as superuser); null when the answer is NoSuchBucket. */
  private readableBucket(caller: Caller, bucket: string): Bucket | null {
    const found = this.buckets.get(bucket);
    // Anonymous (no valid key) may read public buckets only; these are all private.
    if (!found || !caller.authenticated) return null;
    return found;
  }

  private download(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    caller: Caller,
    bucket: string,
    name: string,
    dropMidway: boolean,
  ): void {
    if (!this.readableBucket(caller, bucket)) return this.send(res, 400, ERRORS.noSuchBucket);
    const object = FakeSupabaseStorage.bypassesRls(caller) ? this.objects.get(`${bucket}/${name}`) : undefined;
    if (!object) return this.send(res, 400, ERRORS.noSuchKey);
    this.stream(req, res, object, dropMidway);
  }

  private info(res: http.ServerResponse, caller: Caller, bucket: string, name: string): void {
    if (!this.readableBucket(caller, bucket)) return this.send(res, 400, ERRORS.noSuchBucket);
    const o = FakeSupabaseStorage.bypassesRls(caller) ? this.objects.get(`${bucket}/${name}`) : undefined;
    if (!o) return this.send(res, 400, ERRORS.noSuchKey);
    this.send(res, 200, {
      id: o.id,
      name: o.name,
      bucket_id: o.bucket,
      version: o.version,
      size: o.size,
      content_type: o.contentType,
      cache_control: 'max-age=3600',
      etag: o.etag,
      metadata: {},
      last_modified: o.updatedAt,
      created_at: o.createdAt,
    });
  }

  private async sign(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller, bucket: string, name: string): Promise<void> {
    const body = await readJson(req);
    const expiresIn = Number((body as { expiresIn?: unknown } | null)?.expiresIn);
    if (!Number.isInteger(expiresIn) || expiresIn < 1) {
      // Storage validates the body with its schema.
      return this.send(res, 400, { statusCode: '400', code: 'InvalidRequest', error: 'Error', message: 'body/expiresIn must be >= 1' });
    }
    // The object is looked up (under row-level security) without a look at the bucket: a missing bucket reads as a missing object.
    if (!FakeSupabaseStorage.bypassesRls(caller) || !this.objects.has(`${bucket}/${name}`)) return this.send(res, 400, ERRORS.noSuchKey);
    const iat = Math.floor(this.now() / 1000);
    const token = signJwt(this.jwtSecret, { url: `${bucket}/${name}`, iat, exp: iat + expiresIn });
    // Relative to /storage/v1, and the path is not percent-encoded (supabase-js encodes it).
    this.send(res, 200, { signedURL: `/object/sign/${bucket}/${name}?token=${token}` });
  }

  private signedDownload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    bucket: string,
    name: string,
    dropMidway: boolean,
  ): void {
    const token = url.searchParams.get('token');
    if (!token)
      return this.send(res, 400, { statusCode: '400', error: 'Error', message: "querystring must have required property 'token'" });
    const verdict = this.verifyJwt(token);
    if ('error' in verdict) return this.send(res, 400, { statusCode: '400', error: 'InvalidJWT', message: verdict.error });
    if (verdict.payload.url !== `${bucket}/${name}`) {
      return this.send(res, 400, { statusCode: '400', error: 'InvalidSignature', message: 'The url do not match the signature' });
    }
    const object = this.objects.get(`${bucket}/${name}`);
    if (!object) return this.send(res, 400, ERRORS.noSuchKey);
    this.stream(req, res, object, dropMidway);
  }

  private async remove(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller, bucket: string): Promise<void> {
    const body = (await readJson(req)) as { prefixes?: unknown } | null;
    if (!body || !Array.isArray(body.prefixes) || body.prefixes.length === 0) {
      return this.send(res, 400, {
        statusCode: '400',
        code: 'InvalidRequest',
        error: 'Error',
        message: 'body/prefixes must NOT have fewer than 1 items',
      });
    }
    // Only what the caller can see is removed; a missing bucket (or object) is simply nothing removed.
    const removed: Record<string, unknown>[] = [];
    for (const name of body.prefixes as string[]) {
      const object = FakeSupabaseStorage.bypassesRls(caller) ? this.objects.get(`${bucket}/${name}`) : undefined;
      if (!object) continue;
      this.objects.delete(`${bucket}/${name}`);
      await fsp.rm(object.file, { force: true });
      removed.push({
        bucket_id: bucket,
        name,
        id: object.id,
        owner: null,
        version: object.version,
        created_at: object.createdAt,
        updated_at: object.updatedAt,
        last_accessed_at: object.updatedAt,
        metadata: { size: object.size, mimetype: object.contentType, eTag: object.etag },
      });
    }
    this.send(res, 200, removed);
  }

  /** Renames an object in one step, refusing a destination that exists (Storage's unique index on bucket and name). */
  private async move(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller): Promise<void> {
    const body = (await readJson(req)) as {
      bucketId?: unknown;
      sourceKey?: unknown;
      destinationKey?: unknown;
      destinationBucket?: unknown;
    } | null;
    const { bucketId, sourceKey, destinationKey } = body ?? {};
    if (typeof bucketId !== 'string' || typeof sourceKey !== 'string' || typeof destinationKey !== 'string') {
      return this.send(res, 400, {
        statusCode: '400',
        code: 'InvalidRequest',
        error: 'Error',
        message: "body must have required properties 'bucketId', 'sourceKey', 'destinationKey'",
      });
    }
    const destinationBucket = typeof body?.destinationBucket === 'string' ? body.destinationBucket : bucketId;
    if (!VALID_KEY.test(destinationKey)) return this.send(res, 400, ERRORS.invalidKey(destinationKey));
    const source = FakeSupabaseStorage.bypassesRls(caller) ? this.objects.get(`${bucketId}/${sourceKey}`) : undefined;
    if (!source) return this.send(res, 400, ERRORS.noSuchKey);
    if (!this.buckets.has(destinationBucket)) return this.send(res, 400, ERRORS.noSuchBucket);
    const destination = `${destinationBucket}/${destinationKey}`;
    if (destination === `${bucketId}/${sourceKey}`)
      return this.send(res, 200, { message: 'Successfully moved', Id: source.id, Key: destinationKey });
    if (this.objects.has(destination)) return this.send(res, 400, ERRORS.moveDuplicate);
    this.objects.delete(`${bucketId}/${sourceKey}`);
    this.objects.set(destination, {
      ...source,
      bucket: destinationBucket,
      name: destinationKey,
      version: randomUUID(),
      updatedAt: new Date(this.now()).toISOString(),
    });
    this.send(res, 200, { message: 'Successfully moved', Id: source.id, Key: destinationKey });
  }

  /**
   * `POST /object/list/{bucket}` with `{ prefix, limit, offset, sortBy: { column, order }, search }`,
   * as Storage's `search` function answers it: the prefix is a folder (a `/` is added); the
   * folders directly under it come first (sorted by name, with null id, dates and metadata),
   * then its objects (`name` relative to the folder, with `created_at`, `updated_at` and
   * metadata), sorted by `sortBy`; `limit` (default 100) and `offset` apply to the whole list.
   * Matching is case-insensitive (ILIKE). A missing bucket, or a caller row-level security
   * hides everything from, gets `[]`.
   */
  private async list(req: http.IncomingMessage, res: http.ServerResponse, caller: Caller, bucket: string): Promise<void> {
    const body = (await readJson(req)) as {
      prefix?: unknown;
      limit?: unknown;
      offset?: unknown;
      search?: unknown;
      sortBy?: { column?: unknown; order?: unknown };
    } | null;
    if (!body || typeof body.prefix !== 'string') {
      return this.send(res, 400, {
        statusCode: '400',
        code: 'InvalidRequest',
        error: 'Error',
        message: "body must have required property 'prefix'",
      });
    }
    const limit = body.limit === undefined ? 100 : Number(body.limit);
    const offset = body.offset === undefined ? 0 : Number(body.offset);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
      return this.send(res, 400, {
        statusCode: '400',
        code: 'InvalidRequest',
        error: 'Error',
        message: 'body/limit and body/offset must be non-negative integers',
      });
    }
    const column = typeof body.sortBy?.column === 'string' ? body.sortBy.column : 'name';
    if (!['name', 'created_at', 'updated_at', 'last_accessed_at'].includes(column)) {
      return this.send(res, 400, { statusCode: '400', code: 'InvalidRequest', error: 'Error', message: `Invalid sort column ${column}` });
    }
    const descending = String(body.sortBy?.order ?? 'asc').toLowerCase() === 'desc';
    if (!this.buckets.has(bucket) || !FakeSupabaseStorage.bypassesRls(caller)) return this.send(res, 200, []);
    const prefix = body.prefix.length > 0 && !body.prefix.endsWith('/') ? `${body.prefix}/` : body.prefix;
    const search = typeof body.search === 'string' ? body.search : '';
    const level = prefix.split('/').length;
    const match = `${prefix}${search}`.toLowerCase();
    const under = [...this.objects.values()].filter((o) => o.bucket === bucket && o.name.toLowerCase().startsWith(match));
    const folders = [...new Set(under.filter((o) => o.name.split('/').length > level).map((o) => o.name.split('/')[level - 1]!))].sort();
    if (descending) folders.reverse();
    const key = (o: StoredObject): string => (column === 'created_at' ? o.createdAt : column === 'name' ? o.name : o.updatedAt);
    const files = under
      .filter((o) => o.name.split('/').length === level)
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (descending ? -1 : 1));
    const rows: Record<string, unknown>[] = [
      ...folders.map((name) => ({ name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null })),
      ...files.map((o) => ({
        name: o.name.split('/')[level - 1],
        id: o.id,
        updated_at: o.updatedAt,
        created_at: o.createdAt,
        last_accessed_at: o.updatedAt,
        metadata: {
          eTag: o.etag,
          size: o.size,
          mimetype: o.contentType,
          cacheControl: 'max-age=3600',
          lastModified: o.updatedAt,
          contentLength: o.size,
          httpStatusCode: 200,
        },
      })),
    ];
    this.send(res, 200, rows.slice(offset, offset + limit));
  }

  /** Makes an object look older (its `created_at` and `updated_at` move back), as one a crash left long ago. */
  ageObject(name: string, seconds: number, bucket = this.bucket): void {
    const object = this.objects.get(`${bucket}/${name}`);
    if (!object) throw new Error(`ageObject: no object ${bucket}/${name}`);
    const back = (iso: string) => new Date(new Date(iso).getTime() - seconds * 1000).toISOString();
    object.createdAt = back(object.createdAt);
    object.updatedAt = back(object.updatedAt);
  }

  private bucketJson(id: string, bucket: Bucket): Record<string, unknown> {
    return {
      id,
      name: id,
      owner: '',
      public: false,
      file_size_limit: bucket.fileSizeLimit ?? null,
      allowed_mime_types: bucket.allowedMimeTypes ?? null,
      created_at: bucket.createdAt,
      updated_at: bucket.createdAt,
    };
  }

  private getBucket(res: http.ServerResponse, caller: Caller, id: string): void {
    const bucket = this.buckets.get(id);
    // Row-level security hides every bucket from other roles.
    if (!bucket || !FakeSupabaseStorage.bypassesRls(caller)) return this.send(res, 400, ERRORS.noSuchBucket);
    this.send(res, 200, this.bucketJson(id, bucket));
  }

  private listBuckets(res: http.ServerResponse, caller: Caller): void {
    if (!FakeSupabaseStorage.bypassesRls(caller)) return this.send(res, 200, []);
    this.send(
      res,
      200,
      [...this.buckets].map(([id, bucket]) => this.bucketJson(id, bucket)),
    );
  }

  // ------------------------------------------------------------------ helpers

  private stream(req: http.IncomingMessage, res: http.ServerResponse, object: StoredObject, dropMidway = false): void {
    const headers: http.OutgoingHttpHeaders = {
      'content-type': object.contentType,
      'cache-control': 'max-age=3600',
      etag: object.etag,
      'last-modified': new Date(object.updatedAt).toUTCString(),
      'accept-ranges': 'bytes',
    };
    const range = parseRange(req.headers.range, object.size);
    if (range === 'unsatisfiable') {
      // Answered as HTTP does.
      res.writeHead(416, { 'content-type': 'application/json', 'content-range': `bytes */${object.size}` });
      res.end(JSON.stringify({ statusCode: '416', error: 'InvalidRange', message: 'The requested range is not satisfiable' }));
      return;
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'content-length': range.end - range.start + 1,
        'content-range': `bytes ${range.start}-${range.end}/${object.size}`,
      });
    } else {
      res.writeHead(200, { ...headers, 'content-length': object.size });
    }
    if (req.method === 'HEAD' || object.size === 0) {
      res.end();
      return;
    }
    if (dropMidway) {
      // Half the bytes (at least one), then the connection goes.
      const start = range?.start ?? 0;
      const end = range?.end ?? object.size - 1;
      const half = start + Math.max(0, Math.floor((end - start + 1) / 2) - 1);
      createReadStream(object.file, { start, end: half })
        .on('end', () => setTimeout(() => req.socket.destroy(), 20))
        .pipe(res, { end: false });
      return;
    }
    pipeline(createReadStream(object.file, range ?? {}), res).catch(() => res.destroy());
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private verifyJwt(token: string): { payload: { url?: string; exp?: number; role?: unknown } } | { error: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { error: 'jwt malformed' };
    const [head, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(createHmac('sha256', this.jwtSecret).update(`${head}.${body}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'signature verification failed' };
    let payload: { url?: string; exp?: number; role?: unknown };
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { error: 'jwt malformed' };
    }
    if (typeof payload.exp === 'number' && Math.floor(this.now() / 1000) >= payload.exp)
      return { error: '"exp" claim timestamp check failed' };
    return { payload };
  }
}

function signJwt(secret: Buffer, payload: Record<string, unknown>): string {
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  return end < start ? null : { start, end };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
