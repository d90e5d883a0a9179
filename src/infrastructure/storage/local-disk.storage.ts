import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual, type Hash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { Clock, SystemClock } from '@domain/shared/clock';
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  ObjectStorage,
  type ObjectInfo,
  type StoredObject,
} from '@domain/recording/ports/object-storage.port';
import { AppConfig } from '../config/app-config';
import type { StorageAccessCheck } from './storage-access';

/** Suffix of the sidecar file that keeps an object's content type; keys may not end with it. */
const META_SUFFIX = '.meta.json';
const MAX_KEY_LENGTH = 1024;
/** Longest lifetime of a signed URL (7 days, as Supabase's and S3's presigned URLs). */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

/**
 * The key rules both storage adapters apply, so a key that works on one works on the other:
 * a relative `/`-separated path with no empty, `.` or `..` segment, no `..` at all, no
 * backslash, no control character, and not ending in `.meta.json` (the local sidecars).
 */
export function assertValidObjectKey(key: string): void {
  const fail = (why: string): never => {
    throw new Error(`Invalid object key ${JSON.stringify(key)}: ${why}`);
  };
  if (typeof key !== 'string' || key.length === 0) fail('empty');
  if (key.length > MAX_KEY_LENGTH) fail(`longer than ${MAX_KEY_LENGTH} characters`);
  if (key.startsWith('/') || path.isAbsolute(key)) fail('absolute path');
  if (key.includes('\\')) fail('backslash');
  if (key.includes('..')) fail('".."');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) fail('control character');
  if (key.split('/').some((segment) => segment === '' || segment === '.')) fail('empty or "." segment');
  if (key.endsWith(META_SUFFIX)) fail(`ends with ${META_SUFFIX}`);
}

/**
 * A pass-through stream that hashes (SHA-256) and counts the bytes going through it. With an
 * expected size, it fails as soon as more bytes arrive, or at the end if fewer did.
 */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;
  private hex: string | null = null;

  constructor(private readonly expectedSize: number | null = null) {
    super();
  }

  get bytes(): number {
    return this.count;
  }

  /** The hex SHA-256, once the stream has ended. */
  get sha256(): string {
    if (this.hex === null) throw new Error('The stream has not ended yet');
    return this.hex;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.expectedSize !== null && this.count > this.expectedSize) {
      callback(new Error(`The body is longer than the expected ${this.expectedSize} bytes`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== null && this.count !== this.expectedSize) {
      callback(new Error(`The body has ${this.count} bytes, ${this.expectedSize} were expected`));
      return;
    }
    this.hex = this.hash.digest('hex');
    callback();
  }
}

/** Checks a range against an object's size; returns the inclusive end, clamped to the object. */
export function resolveRange(range: { start: number; end?: number }, size: number): number {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new RangeError(`Invalid range ${start}-${end ?? ''}`);
  }
  if (start >= size) throw new RangeError(`Range ${start}-${end ?? ''} is not satisfiable for ${size} bytes`);
  return Math.min(end ?? size - 1, size - 1);
}

/** The HMAC key of local signed URLs, derived from ENCRYPTION_KEY (never the key itself). */
function urlSigningKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'local-storage-url', 32));
}

function urlSignature(signingKey: Buffer, key: string, expires: number): string {
  return createHmac('sha256', signingKey).update(`${key}\n${expires}`).digest('base64url');
}

export type SignedUrlVerdict = 'valid' | 'expired' | 'invalid';

/**
 * Checks the `expires` and `signature` query parameters of a local signed URL for `key`
 * (timing-safe). A signature that does not match (including an altered `expires`) is
 * `invalid`; a genuine one past its expiry is `expired`.
 */
export function verifyLocalSignedUrl(
  encryptionKey: Buffer,
  key: string,
  expires: unknown,
  signature: unknown,
  now: Date,
): SignedUrlVerdict {
  if (typeof expires !== 'string' || !/^[0-9]{1,12}$/.test(expires)) return 'invalid';
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return 'invalid';
  const expected = Buffer.from(urlSignature(urlSigningKey(encryptionKey), key, Number(expires)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return now.getTime() >= Number(expires) * 1000 ? 'expired' : 'valid';
}

interface ObjectMeta {
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * Objects as files under `${DATA_DIR}/objects/<key>`, for development and single-machine
 * installs. Each object is written to a temporary file beside its final name and renamed
 * (or, when it must not replace anything, hard-linked) into place, so a crash never leaves
 * half an object at a key. The content type lives in a `<key>.meta.json` sidecar. Signed
 * URLs point at LocalObjectController (`/storage/objects/<key>`), HMAC-signed with a key
 * derived from ENCRYPTION_KEY.
 */
const TEMPORARY_FILE = /^\..+\.[0-9a-f]{12}(\.meta)?\.tmp$/;

@Injectable()
export class LocalDiskObjectStorage extends ObjectStorage implements StorageAccessCheck, OnModuleInit {
  readonly root: string;
  private readonly clock: Clock;

  constructor(
    private readonly config: AppConfig,
    @Optional() clock?: Clock,
  ) {
    super();
    this.root = path.join(config.dataDir, 'objects');
    this.clock = clock ?? new SystemClock();
  }

  /**
   * Temporary files a killed process left behind (a put interrupted mid-body) are swept at
   * start-up; one younger than an hour may belong to another process sharing DATA_DIR, and stays.
   */
  async onModuleInit(): Promise<void> {
    await this.sweepTemporaryFiles(60 * 60 * 1000);
  }

  /** Removes `.<name>.<hex>.tmp` files older than `olderThanMs`; returns how many went. */
  async sweepTemporaryFiles(olderThanMs: number): Promise<number> {
    let removed = 0;
    const cutoff = this.clock.now().getTime() - olderThanMs;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (errno(error) === 'ENOENT') return 0;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !TEMPORARY_FILE.test(entry.name)) continue;
      const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      try {
        if ((await fs.stat(file)).mtimeMs < cutoff) {
          await fs.rm(file, { force: true });
          removed += 1;
        }
      } catch {
        /* gone meanwhile */
      }
    }
    return removed;
  }

  /** The objects' directory exists (made if need be) and may be read and written: for readiness. */
  async checkAccess(): Promise<{ root: string }> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root, fsConstants.R_OK | fsConstants.W_OK);
    return { root: this.root };
  }

  async put(
    key: string,
    body: Readable,
    options: { contentType: string; overwrite: boolean; expectedSize?: number | null },
  ): Promise<StoredObject> {
    // The body may fail while we prepare (its client gone): that failure is this call's to
    // report, through pipeline (which reads `body.errored`), not an unhandled 'error' event.
    body.on('error', () => undefined);
    let file: string;
    try {
      file = this.fileFor(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    if (!options.overwrite && (await exists(file))) {
      body.resume();
      throw new ObjectAlreadyExistsError(key);
    }
    const dir = path.dirname(file);
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (error) {
      body.destroy();
      throw error;
    }
    const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const digest = new DigestingStream(options.expectedSize ?? null);
    // The file exists before a byte is read: a body that fails at once still leaves a file the
    // cleanup below can remove (a write stream opening it later would outlive the cleanup).
    let out: fs.FileHandle;
    try {
      out = await fs.open(temp, 'wx');
    } catch (error) {
      body.destroy();
      throw error;
    }
    try {
      await pipeline(body, digest, out.createWriteStream({ flush: true }));
      if (options.overwrite) {
        await fs.rename(temp, file);
      } else {
        // link() refuses an existing name: two concurrent puts cannot both win.
        try {
          await fs.link(temp, file);
        } catch (error) {
          if (errno(error) === 'EEXIST') throw new ObjectAlreadyExistsError(key);
          if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errno(error) ?? '')) throw error;
          // A file system without hard links: check, then rename (a narrow race remains).
          if (await exists(file)) throw new ObjectAlreadyExistsError(key);
          await fs.rename(temp, file);
        } finally {
          await fs.rm(temp, { force: true });
        }
      }
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    const stored: StoredObject = { key, size: digest.bytes, sha256: digest.sha256, contentType: options.contentType };
    // The sidecar follows the data: a crash in between leaves the object with no (or the
    // previous) content type, never a sidecar without its object.
    await this.writeMeta(file, { contentType: stored.contentType, size: stored.size, sha256: stored.sha256 });
    return stored;
  }

  async info(key: string): Promise<ObjectInfo | null> {
    const file = this.fileFor(key);
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return null;
      return { key, size: stat.size, contentType: (await this.readMeta(file))?.contentType ?? null };
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return null;
      throw error;
    }
  }

  /** `size` is the number of bytes `body` yields (the range's length for a range). */
  async get(key: string, range?: { start: number; end?: number }): Promise<{ body: Readable; size: number; contentType: string | null }> {
    const file = this.fileFor(key);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR' || errno(error) === 'EISDIR') throw new ObjectNotFoundError(key);
      throw error;
    }
    try {
      // The open file is the object read, even if a put replaces the name meanwhile.
      const stat = await handle.stat();
      if (!stat.isFile()) throw new ObjectNotFoundError(key);
      const contentType = (await this.readMeta(file))?.contentType ?? null;
      if (stat.size === 0 && !range) {
        await handle.close();
        return { body: Readable.from([]), size: 0, contentType };
      }
      const start = range ? range.start : 0;
      const end = range ? resolveRange(range, stat.size) : stat.size - 1;
      return { body: handle.createReadStream({ start, end, autoClose: true }), size: end - start + 1, contentType };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  async signedUrl(key: string, expiresInSeconds: number): Promise<string> {
    assertValidObjectKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer between 1 and ${MAX_SIGNED_URL_SECONDS}`);
    }
    if ((await this.info(key)) === null) throw new ObjectNotFoundError(key);
    const expires = Math.floor(this.clock.now().getTime() / 1000) + expiresInSeconds;
    const signature = urlSignature(urlSigningKey(this.config.encryptionKey), key, expires);
    const pathPart = key.split('/').map(encodeURIComponent).join('/');
    return `${this.config.publicBaseUrl}/storage/objects/${pathPart}?expires=${expires}&signature=${signature}`;
  }

  /** The check LocalObjectController makes, with this storage's key and clock. */
  verifySignedUrl(key: string, expires: unknown, signature: unknown, now: Date = this.clock.now()): SignedUrlVerdict {
    return verifyLocalSignedUrl(this.config.encryptionKey, key, expires, signature, now);
  }

  async remove(key: string): Promise<void> {
    const file = this.fileFor(key);
    await fs.rm(file, { force: true });
    await fs.rm(`${file}${META_SUFFIX}`, { force: true });
  }

  private fileFor(key: string): string {
    assertValidObjectKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(`${this.root}${path.sep}`)) throw new Error(`Invalid object key ${JSON.stringify(key)}: outside the store`);
    return file;
  }

  private async writeMeta(file: string, meta: ObjectMeta): Promise<void> {
    const temp = `${path.join(path.dirname(file), `.${path.basename(file)}`)}.${randomBytes(6).toString('hex')}.meta.tmp`;
    try {
      await fs.writeFile(temp, JSON.stringify(meta), { flag: 'wx', flush: true });
      await fs.rename(temp, `${file}${META_SUFFIX}`);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  private async readMeta(file: string): Promise<ObjectMeta | null> {
    try {
      const meta = JSON.parse(await fs.readFile(`${file}${META_SUFFIX}`, 'utf8')) as Partial<ObjectMeta>;
      return typeof meta.contentType === 'string' ? (meta as ObjectMeta) : null;
    } catch {
      return null;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
