import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, promises as fsp, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A local stand-in for Supabase Storage's HTTP API under `/storage/v1`, answering as
 * docs/storage.md ("How Supabase Storage answers") records the real server does:
 * most errors are HTTP 400 with the meaningful status as a string in `statusCode`
 * (`"409"` Duplicate, `"404"` not_found or Bucket not found, `"415"` invalid_mime_type,
 * `"400"` InvalidJWT), signed URLs carry an HS256 JWT that expires, `Range` gives 206, and
 * `DELETE /object/{bucket}` with `{ prefixes }` answers the objects it removed.
 *
 * Bodies stream to files in a temporary directory (a 100 MB upload costs no memory here),
 * committed only when the whole body arrived. Faults can be injected (5xx answers, dropped
 * connections, delays) and every request is logged, without its credentials.
 *
 *   const fake = await FakeSupabaseStorage.start();
 *   // SUPABASE_URL=fake.url SUPABASE_SERVICE_ROLE_KEY=fake.serviceKey STORAGE_BUCKET=fake.bucket
 *   fake.failNextUploads(1);                    // the next upload answers 503
 *   fake.failNextUploads(1, 'drop-mid-upload'); // the next upload's connection is cut
 */

export type StorageOperation = 'upload' | 'download' | 'info' | 'sign' | 'signed-download' | 'remove';

export type FaultMode =
  /** Answer 503 at once (as a gateway in front of Storage does). */
  | 'unavailable'
  /** Answer 500 with Storage's internal error body. */
  | 'internal-error'
  /** Destroy the connection without answering. */
  | 'drop'
  /** Uploads: read part of the body, then destroy the connection. */
  | 'drop-mid-upload'
  /** Downloads: send the headers and part of the body, then destroy the connection. */
  | 'drop-mid-download';

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
  fault: string | null;
}

export interface BucketOptions {
  /** MIME types the bucket accepts; all when absent. */
  allowedMimeTypes?: string[];
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

const PREFIX = '/storage/v1';

export class FakeSupabaseStorage {
  readonly requests: LoggedRequest[] = [];
  private readonly objects = new Map<string, StoredObject>();
  private readonly faults: Fault[] = [];
  private readonly jwtSecret = randomBytes(32);
  private clockOffsetMs = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    private readonly buckets: Map<string, BucketOptions>,
    /** SUPABASE_URL. */
    readonly url: string,
    /** SUPABASE_SERVICE_ROLE_KEY. */
    readonly serviceKey: string,
    /** The first bucket (STORAGE_BUCKET). */
    readonly bucket: string,
  ) {}

  static async start(options: { buckets?: Record<string, BucketOptions>; serviceKey?: string } = {}): Promise<FakeSupabaseStorage> {
    const buckets = new Map(Object.entries(options.buckets ?? { recordings: {} }));
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-supabase-storage-'));
    const serviceKey = options.serviceKey ?? `service-role-${randomBytes(12).toString('hex')}`;
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSupabaseStorage(server, dir, buckets, `http://127.0.0.1:${port}`, serviceKey, [...buckets.keys()][0] ?? 'recordings');
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) fake.send(res, 500, { statusCode: '500', error: 'internal', message: error.message });
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

  /** The next `count` uploads fail: 503 at once, or the connection cut after some bytes. */
  failNextUploads(count: number, mode: 'unavailable' | 'internal-error' | 'drop' | 'drop-mid-upload' = 'unavailable'): void {
    this.faults.push({ operation: 'upload', mode, remaining: count });
  }

  /** The next `count` requests (of one operation, or any) fail. */
  failNextRequests(count: number, mode: Exclude<FaultMode, 'drop-mid-upload'> = 'unavailable', operation: StorageOperation | 'any' = 'any'): void {
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

    if (!url.pathname.startsWith(`${PREFIX}/object/`)) return this.send(res, 404, { statusCode: '404', error: 'Not Found', message: 'Route not found' });
    const rest = url.pathname.slice(`${PREFIX}/object/`.length);
    const method = req.method ?? 'GET';
    const route = this.route(method, rest);
    if (!route) return this.send(res, 404, { statusCode: '404', error: 'Not Found', message: `Route ${method}:${url.pathname} not found` });
    entry.operation = route.operation;

    const fault = this.takeFault(route.operation);
    if (fault) {
      entry.fault = typeof fault === 'string' ? fault : `delay ${fault.delayMs}ms`;
      if (typeof fault === 'object') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      else if (fault === 'drop') return void req.socket.destroy();
      else if (fault === 'unavailable') return this.send(res, 503, { message: 'Service Unavailable' });
      else if (fault === 'internal-error') return this.send(res, 500, { statusCode: '500', error: 'internal', message: 'Internal Server Error' });
    }
    if (route.operation !== 'signed-download' && !entry.authorized) {
      // Not in stack.md's table; shaped as Storage's other JWT errors.
      return this.send(res, 400, { statusCode: '403', error: 'Unauthorized', message: 'invalid signature' });
    }
    const { bucket, name } = route;
    if (!this.buckets.has(bucket)) {
      req.resume();
      return this.send(res, 400, { statusCode: '404', code: 'NoSuchBucket', error: 'Bucket not found', message: 'Bucket not found' });
    }
    switch (route.operation) {
      case 'upload':
        return this.upload(req, res, entry, bucket, name, method === 'PUT', fault === 'drop-mid-upload');
      case 'download':
        return this.download(req, res, bucket, name, fault === 'drop-mid-download');
      case 'info':
        return this.info(res, bucket, name);
      case 'sign':
        return this.sign(req, res, bucket, name);
      case 'signed-download':
        return this.signedDownload(req, res, url, bucket, name, fault === 'drop-mid-download');
      case 'remove':
        return this.remove(req, res, bucket);
    }
  }

  private route(method: string, rest: string): { operation: StorageOperation; bucket: string; name: string } | null {
    const split = (p: string): { bucket: string; name: string } | null => {
      const slash = p.indexOf('/');
      if (slash <= 0 || slash === p.length - 1) return null;
      return { bucket: safeDecode(p.slice(0, slash)), name: safeDecode(p.slice(slash + 1)) };
    };
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

  // --------------------------------------------------------------- operations

  private async upload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: LoggedRequest,
    bucket: string,
    name: string,
    isPut: boolean,
    dropMidUpload: boolean,
  ): Promise<void> {
    const contentType = (req.headers['content-type'] ?? 'text/plain;charset=UTF-8').toString();
    const allowed = this.buckets.get(bucket)?.allowedMimeTypes;
    if (allowed && !allowed.some((t) => t === contentType.split(';')[0]!.trim() || (t.endsWith('/*') && contentType.startsWith(t.slice(0, -1))))) {
      req.resume();
      return this.send(res, 400, { statusCode: '415', code: 'InvalidMimeType', error: 'invalid_mime_type', message: `mime type ${contentType} is not supported` });
    }
    const upsert = isPut || String(req.headers['x-upsert'] ?? '').toLowerCase() === 'true';
    const temp = path.join(this.dir, `upload-${randomUUID()}`);
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
      await pipeline(req, counter, createWriteStream(temp));
    } catch {
      // An aborted upload stores nothing.
      await fsp.rm(temp, { force: true });
      if (!res.headersSent) res.destroy();
      return;
    }
    const key = `${bucket}/${name}`;
    const existing = this.objects.get(key);
    if (existing && !upsert) {
      await fsp.rm(temp, { force: true });
      return this.send(res, 400, { statusCode: '409', error: 'Duplicate', message: 'The resource already exists', code: 'KeyAlreadyExists' });
    }
    if (!existing && isPut) {
      // Not in stack.md's table: PUT updates an existing object.
      await fsp.rm(temp, { force: true });
      return this.send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' });
    }
    const file = path.join(this.dir, `object-${createHash('sha256').update(key).digest('hex')}`);
    await fsp.rename(temp, file);
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
    this.send(res, 200, { Key: key, Id: object.id });
  }

  private download(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, name: string, dropMidway: boolean): void {
    const object = this.objects.get(`${bucket}/${name}`);
    if (!object) return this.send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' });
    this.stream(req, res, object, dropMidway);
  }

  private info(res: http.ServerResponse, bucket: string, name: string): void {
    const o = this.objects.get(`${bucket}/${name}`);
    if (!o) return this.send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' });
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

  private async sign(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, name: string): Promise<void> {
    const body = await readJson(req);
    const expiresIn = Number((body as { expiresIn?: unknown } | null)?.expiresIn);
    if (!Number.isInteger(expiresIn) || expiresIn < 1) {
      // Not in stack.md's table; Storage validates the body with its schema.
      return this.send(res, 400, { statusCode: '400', error: 'Error', message: 'body/expiresIn must be >= 1' });
    }
    if (!this.objects.has(`${bucket}/${name}`)) {
      return this.send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' });
    }
    const iat = Math.floor(this.now() / 1000);
    const token = this.signJwt({ url: `${bucket}/${name}`, iat, exp: iat + expiresIn });
    // Relative to /storage/v1, and the path is not percent-encoded (supabase-js encodes it).
    this.send(res, 200, { signedURL: `/object/sign/${bucket}/${name}?token=${token}` });
  }

  private signedDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, bucket: string, name: string, dropMidway: boolean): void {
    const token = url.searchParams.get('token');
    if (!token) return this.send(res, 400, { statusCode: '400', error: 'Error', message: 'querystring must have required property \'token\'' });
    const verdict = this.verifyJwt(token);
    if ('error' in verdict) return this.send(res, 400, { statusCode: '400', error: 'InvalidJWT', message: verdict.error });
    if (verdict.payload.url !== `${bucket}/${name}`) {
      return this.send(res, 400, { statusCode: '400', error: 'InvalidSignature', message: 'The url do not match the signature' });
    }
    const object = this.objects.get(`${bucket}/${name}`);
    if (!object) return this.send(res, 400, { statusCode: '404', error: 'not_found', message: 'Object not found', code: 'NoSuchKey' });
    this.stream(req, res, object, dropMidway);
  }

  private async remove(req: http.IncomingMessage, res: http.ServerResponse, bucket: string): Promise<void> {
    const body = (await readJson(req)) as { prefixes?: unknown } | null;
    if (!body || !Array.isArray(body.prefixes) || body.prefixes.length === 0) {
      return this.send(res, 400, { statusCode: '400', error: 'Error', message: 'body/prefixes must NOT have fewer than 1 items' });
    }
    const removed: Record<string, unknown>[] = [];
    for (const name of body.prefixes as string[]) {
      const object = this.objects.get(`${bucket}/${name}`);
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
      // Not in stack.md's table: answered as HTTP does.
      res.writeHead(416, { 'content-type': 'application/json', 'content-range': `bytes */${object.size}` });
      res.end(JSON.stringify({ statusCode: '416', error: 'InvalidRange', message: 'The requested range is not satisfiable' }));
      return;
    }
    if (range) {
      res.writeHead(206, { ...headers, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${object.size}` });
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

  private signJwt(payload: Record<string, unknown>): string {
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', this.jwtSecret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }

  private verifyJwt(token: string): { payload: { url?: string; exp?: number } } | { error: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { error: 'jwt malformed' };
    const [head, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(createHmac('sha256', this.jwtSecret).update(`${head}.${body}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'signature verification failed' };
    let payload: { url?: string; exp?: number };
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { error: 'jwt malformed' };
    }
    if (typeof payload.exp === 'number' && Math.floor(this.now() / 1000) >= payload.exp) return { error: '"exp" claim timestamp check failed' };
    return { payload };
  }
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
