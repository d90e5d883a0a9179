import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes, computed while they streamed through. */
  sha256: string;
  contentType: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string | null;
}

/**
 * Private object storage for recordings and uploads. Bodies are streams end to end: no
 * adapter may hold a whole file in memory. Keys are `{orgId}/...` paths chosen by callers.
 */
export abstract class ObjectStorage {
  /**
   * Streams `body` to `key`, hashing and counting on the way. With `overwrite: false` an
   * existing object is an ObjectAlreadyExistsError; with true it is replaced.
   */
  abstract put(
    key: string,
    body: Readable,
    options: { contentType: string; overwrite: boolean; expectedSize?: number | null },
  ): Promise<StoredObject>;
  /** Null when there is no such object. */
  abstract info(key: string): Promise<ObjectInfo | null>;
  /** The object's bytes as a stream; ObjectNotFoundError when missing. `range` is inclusive byte offsets. */
  abstract get(key: string, range?: { start: number; end?: number }): Promise<{ body: Readable; size: number; contentType: string | null }>;
  /** A URL anyone holding it can GET until it expires. */
  abstract signedUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** Removes the object; removing a missing object is not an error. */
  abstract remove(key: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No object at ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}

export class ObjectAlreadyExistsError extends Error {
  constructor(readonly key: string) {
    super(`An object already exists at ${key}`);
    this.name = 'ObjectAlreadyExistsError';
  }
}

/** The store failed (5xx, timeout, refused): worth retrying later. */
export class StorageUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}
