import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';

/** The JWKS could not be fetched and no cached key can answer: retry after this many seconds. */
export class JwksUnavailableError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`The JWKS is unavailable; retry in ${retryAfterSeconds} s`, options);
    this.name = 'JwksUnavailableError';
  }
}

export interface JwksKeySourceOptions {
  /** Keys older than this are refreshed in the background; they keep answering meanwhile. */
  cacheMaxAgeMs: number;
  /** After a successful fetch, an unknown key id is refused without asking again for this long. */
  cooldownMs: number;
  /** One fetch's time limit. */
  timeoutMs: number;
  /** After a failed fetch, no other for `initialMs`, doubling with each failure up to `maxMs`. */
  backoff: { initialMs: number; maxMs: number };
  /** Milliseconds since the epoch (the application's clock). */
  now: () => number;
  /** Told about every failed fetch, once per attempt (not per request). */
  onFetchFailed?: (failure: { error: unknown; failures: number; retryInMs: number; haveKeys: boolean }) => void;
}

export const DEFAULT_JWKS_OPTIONS: Omit<JwksKeySourceOptions, 'now'> = {
  cacheMaxAgeMs: 10 * 60_000,
  cooldownMs: 30_000,
  timeoutMs: 5_000,
  backoff: { initialMs: 1_000, maxMs: 60_000 },
};

type KeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The keys of a JSON Web Key Set, fetched with jose's `createRemoteJWKSet` and kept here:
 *
 *  - the first token fetches the set (concurrent requests share one fetch);
 *  - keys older than `cacheMaxAgeMs` are refreshed in the background while they keep answering,
 *    and stay in use for as long as refreshing fails;
 *  - an unknown key id (a rotation) fetches again, unless the set was fetched less than
 *    `cooldownMs` ago: then the token is simply not ours;
 *  - a failed fetch (network, non-200, timeout, not a key set) is followed by a back-off during
 *    which nothing is fetched; a token that needs a fetch meanwhile gets
 *    {@link JwksUnavailableError} with the seconds left, never "invalid".
 */
export class JwksKeySource {
  private readonly remote: ReturnType<typeof createRemoteJWKSet>;
  private keys: KeySet | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private retryAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown = null;
  private pending: Promise<boolean> | null = null;

  constructor(
    url: URL,
    private readonly options: JwksKeySourceOptions,
  ) {
    // Used as the fetcher only (timeout, redirect refusal, 200 check, key-set validation): the
    // caching decisions are made here, so a failed refresh never discards the keys we have.
    this.remote = createRemoteJWKSet(url, {
      timeoutDuration: options.timeoutMs,
      cacheMaxAge: options.cacheMaxAgeMs,
      cooldownDuration: options.cooldownMs,
    });
  }

  /** For jose's `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (!this.keys) {
      await this.refreshOrThrow();
    } else if (this.options.now() - this.fetchedAt >= this.options.cacheMaxAgeMs) {
      void this.refresh();
    }
    try {
      return await this.keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.options.now() - this.fetchedAt < this.options.cooldownMs) throw error;
      // Perhaps a key published since: ask once more (or say we cannot).
      await this.refreshOrThrow();
      return this.keys!(header, token);
    }
  };

  /** Fetches now unless backing off or already fetching; resolves whether the set was fetched. */
  refresh(): Promise<boolean> {
    if (this.pending) return this.pending;
    if (this.options.now() < this.retryAt) return Promise.resolve(false);
    this.pending = this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async refreshOrThrow(): Promise<void> {
    if (await this.refresh()) return;
    const retryInMs = Math.max(0, this.retryAt - this.options.now());
    throw new JwksUnavailableError(Math.max(1, Math.ceil(retryInMs / 1000)), { cause: this.lastError });
  }

  private async fetch(): Promise<boolean> {
    try {
      await this.remote.reload();
      const jwks = this.remote.jwks();
      if (!jwks) throw new errors.JWKSInvalid('The JWKS answered no key set');
      this.keys = createLocalJWKSet(jwks);
      this.fetchedAt = this.options.now();
      this.failures = 0;
      this.retryAt = Number.NEGATIVE_INFINITY;
      this.lastError = null;
      return true;
    } catch (error) {
      this.failures += 1;
      const { initialMs, maxMs } = this.options.backoff;
      const retryInMs = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures - 1, 30));
      this.retryAt = this.options.now() + retryInMs;
      this.lastError = error;
      this.options.onFetchFailed?.({ error, failures: this.failures, retryInMs, haveKeys: this.keys !== null });
      return false;
    }
  }
}
