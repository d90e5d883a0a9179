import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import * as path from 'node:path';

/**
 * Every setting the service reads, parsed and checked once at start-up.
 * Nothing else in the code reads process.env.
 */
export class AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicBaseUrl: string;
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  /** PGlite's shared_buffers, in MB (embedded database only). */
  readonly embeddedDatabaseSharedBuffersMb: number;
  /** Bounds on waiting for PostgreSQL: an outage answers 503 quickly instead of hanging. */
  readonly databaseTimeouts: { connectSeconds: number; statementMs: number; idleInTransactionMs: number };
  readonly dataDir: string;
  readonly encryptionKey: Buffer;
  readonly encryptionKeyIsEphemeral: boolean;
  readonly jwt: {
    secret: string | null;
    jwksUrl: string | null;
    issuer: string | null;
    audience: string;
    /** Accept Supabase anonymous sign-ins (`is_anonymous: true`) as users. */
    allowAnonymous: boolean;
  };
  /** DNS servers for domain verification (`ip`, `ip:port`, `[ipv6]:port`); empty: the system's resolvers. */
  readonly dnsServers: string[];
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly apiKeyPrefix: string;
  readonly idempotencyTtlHours: number;
  /** How long a request holds its Idempotency-Key before a retry may take it over (the holder died). */
  readonly idempotencyLeaseSeconds: number;
  /** After SIGTERM, the process exits by this deadline whatever is still pending. */
  readonly shutdownTimeoutSeconds: number;
  readonly jobsEnabled: boolean;
  /**
   * A running job renews its claim every `heartbeatSeconds`; a claim not renewed for
   * `leaseSeconds` lapses (its process died) and the job is retried by another process.
   */
  readonly jobLease: { leaseSeconds: number; heartbeatSeconds: number };
  /** Recording imports run at once per process. */
  readonly recordingImportConcurrency: number;
  readonly swaggerEnabled: boolean;
  readonly supabase: { url: string; serviceRoleKey: string; bucket: string } | null;
  readonly twilioApiBaseUrl: string;
  /** How long a replaced Twilio auth token still validates webhook signatures. */
  readonly twilioTokenRotationWindowSeconds: number;
  /** Calls without a status callback for this long are fetched from Twilio and settled. */
  readonly callReconcileAfterSeconds: number;
  /** Lifetime of signed playback URLs (5 minutes at most). */
  readonly playbackUrlTtlSeconds: number;
  /** Organization export archives (`POST /exports`) are deleted this many days after they were requested. */
  readonly exportArchiveRetentionDays: number;
  /** Requests a minute per API key or user; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /** Where the counters live: `database` (shared by every replica) or `memory` (this process only). */
  readonly rateLimitStore: 'database' | 'memory';
  /** Largest audio file accepted for analysis. */
  readonly analysisUploadMaxBytes: number;
  readonly transcription: { url: string; key: string | null; model: string } | null;
  /** The most one transcription request may carry (OpenAI's 25 MB); longer WAV audio is sent in time segments under it. */
  readonly transcriptionMaxUploadBytes: number;
  /**
   * A second fraud scorer and the call summaries, through an OpenAI-compatible chat API; null
   * (the default) leaves the built-in scorer alone.
   */
  readonly scoringModel: { url: string; key: string | null; model: string; timeoutMs: number } | null;
  /**
   * Browser origins allowed to call the API (CORS): exact origins, or `*` for any. Empty: no
   * cross-origin access. Development allows any localhost port unless set.
   */
  readonly corsOrigins: { any: boolean; origins: string[]; localhost: boolean };
  /** The live event stream: heartbeats, open streams per caller, a slow client's unsent bytes, replay window, re-read period. */
  readonly liveEvents: {
    heartbeatSeconds: number;
    maxStreamsPerPrincipal: number;
    streamBufferBytes: number;
    retentionHours: number;
    pollSeconds: number;
  };
  /**
   * Outbound webhooks: private addresses (and plain http to them) only when allowed, the wait
   * before each retry, one attempt's timeout, a rotated-out secret's overlap.
   */
  readonly webhooks: {
    allowPrivateAddresses: boolean;
    retryScheduleSeconds: number[];
    timeoutMs: number;
    secretOverlapSeconds: number;
    concurrency: number;
  };
  /** Warnings about fallbacks, logged once the logger exists. */
  readonly notices: string[];

  constructor(values: AppConfigValues) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  get usesEmbeddedDatabase(): boolean {
    return this.databaseUrl === null;
  }

  /** Returns a copy with some fields replaced (tests, CLI). */
  with(overrides: Partial<AppConfigValues>): AppConfig {
    return new AppConfig({ ...(this as unknown as AppConfigValues), ...overrides });
  }
}

export type AppConfigValues = Omit<{ -readonly [K in keyof AppConfig]: AppConfig[K] }, 'isProduction' | 'usesEmbeddedDatabase' | 'with'>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const notices: string[] = [];
  const str = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name);
    if (raw === null) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === null) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  };
  const url = (name: string): string | null => {
    const raw = str(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(u.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be a URL (got "${raw}")`);
      return null;
    }
  };

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const port = int('PORT', 3000, 0, 65535);
  const publicBaseUrl = url('PUBLIC_BASE_URL') ?? `http://localhost:${port}`;
  const databaseUrl = url('DATABASE_URL');
  if (databaseUrl === null) {
    if (production) problems.push('DATABASE_URL is required in production');
    else notices.push('DATABASE_URL is not set: using the embedded PGlite database under DATA_DIR');
  }
  const dataDir = path.resolve(str('DATA_DIR') ?? './.data');

  let encryptionKey: Buffer | null = null;
  let encryptionKeyIsEphemeral = false;
  const keyRaw = str('ENCRYPTION_KEY');
  if (keyRaw !== null) {
    const decoded = /^[0-9a-fA-F]{64}$/.test(keyRaw) ? Buffer.from(keyRaw, 'hex') : Buffer.from(keyRaw, 'base64');
    if (decoded.length !== 32) problems.push('ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64');
    else encryptionKey = decoded;
  } else if (production) {
    problems.push('ENCRYPTION_KEY is required in production');
  }
  if (encryptionKey === null) {
    // Development fallback: a key kept beside the embedded data so restarts can still decrypt.
    encryptionKey = developmentKey(dataDir);
    encryptionKeyIsEphemeral = true;
    if (!production) notices.push('ENCRYPTION_KEY is not set: using a development key stored in DATA_DIR');
  }

  const jwtSecret = str('SUPABASE_JWT_SECRET');
  const jwksUrl = url('SUPABASE_JWKS_URL');
  if (production && jwtSecret === null && jwksUrl === null) {
    problems.push('SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL is required in production');
  }
  if (jwtSecret !== null && jwtSecret.length < 32) problems.push('SUPABASE_JWT_SECRET must be at least 32 characters');
  if (!production && jwtSecret === null && jwksUrl === null) {
    notices.push('Neither SUPABASE_JWT_SECRET nor SUPABASE_JWKS_URL is set: only API keys can authenticate');
  }

  const supabaseUrl = url('SUPABASE_URL');
  const supabaseKey = str('SUPABASE_SERVICE_ROLE_KEY');
  if ((supabaseUrl === null) !== (supabaseKey === null)) {
    problems.push('SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set together');
  }
  const transcriptionUrl = url('TRANSCRIPTION_API_URL');
  const scoringModelUrl = url('SCORING_MODEL_API_URL');
  const scoringModelTimeoutSeconds = int('SCORING_MODEL_TIMEOUT_SECONDS', 30, 1, 600);

  const jobLeaseSeconds = int('JOB_LEASE_SECONDS', 30, 5, 3600);
  const jobHeartbeatSeconds = int('JOB_HEARTBEAT_SECONDS', 10, 1, 1200);
  // Two heartbeats must fit in a lease, or a slow one lets a live job's claim lapse.
  if (jobHeartbeatSeconds * 2 > jobLeaseSeconds) {
    problems.push(`JOB_HEARTBEAT_SECONDS (${jobHeartbeatSeconds}) must be at most half of JOB_LEASE_SECONDS (${jobLeaseSeconds})`);
  }

  const corsOrigins = parseCorsOrigins(str('CORS_ORIGINS'), nodeEnv, problems);

  const logLevel = str('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }

  const values: AppConfigValues = {
    nodeEnv,
    port,
    host: str('HOST') ?? '0.0.0.0',
    publicBaseUrl,
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    embeddedDatabaseSharedBuffersMb: int('EMBEDDED_DATABASE_SHARED_BUFFERS_MB', 16, 1, 1024),
    databaseTimeouts: {
      connectSeconds: int('DATABASE_CONNECT_TIMEOUT_SECONDS', 5, 1, 120),
      statementMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
      idleInTransactionMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
    },
    dataDir,
    encryptionKey: encryptionKey!,
    encryptionKeyIsEphemeral,
    jwt: {
      secret: jwtSecret,
      jwksUrl,
      issuer: str('SUPABASE_JWT_ISSUER'),
      audience: str('SUPABASE_JWT_AUDIENCE') ?? 'authenticated',
      allowAnonymous: bool('ALLOW_ANONYMOUS_USERS', false),
    },
    dnsServers: parseDnsServers(str('DNS_SERVERS'), problems),
    logLevel,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    apiKeyPrefix: str('API_KEY_PREFIX') ?? 'sb_live',
    idempotencyTtlHours: int('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    idempotencyLeaseSeconds: int('IDEMPOTENCY_LEASE_SECONDS', 60, 1, 3600),
    shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    jobsEnabled: bool('JOBS_ENABLED', true),
    jobLease: { leaseSeconds: jobLeaseSeconds, heartbeatSeconds: jobHeartbeatSeconds },
    recordingImportConcurrency: int('RECORDING_IMPORT_CONCURRENCY', 4, 1, 64),
    swaggerEnabled: bool('SWAGGER_ENABLED', true),
    supabase:
      supabaseUrl && supabaseKey ? { url: supabaseUrl, serviceRoleKey: supabaseKey, bucket: str('STORAGE_BUCKET') ?? 'recordings' } : null,
    twilioApiBaseUrl: url('TWILIO_API_BASE_URL') ?? 'https://api.twilio.com',
    twilioTokenRotationWindowSeconds: int('TWILIO_TOKEN_ROTATION_WINDOW_SECONDS', 86_400, 0, 30 * 86_400),
    callReconcileAfterSeconds: int('CALL_RECONCILE_AFTER_SECONDS', 4 * 3600, 60, 30 * 86_400),
    playbackUrlTtlSeconds: int('PLAYBACK_URL_TTL_SECONDS', 300, 10, 300),
    exportArchiveRetentionDays: int('EXPORT_ARCHIVE_RETENTION_DAYS', 7, 1, 3650),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000),
    rateLimitStore: oneOf('RATE_LIMIT_STORE', ['database', 'memory'] as const, 'database'),
    analysisUploadMaxBytes: int('ANALYSIS_UPLOAD_MAX_BYTES', 200 * 1_048_576, 1024, 2 * 1024 * 1_048_576),
    transcription: transcriptionUrl
      ? { url: transcriptionUrl, key: str('TRANSCRIPTION_API_KEY'), model: str('TRANSCRIPTION_MODEL') ?? 'whisper-1' }
      : null,
    transcriptionMaxUploadBytes: int('TRANSCRIPTION_MAX_UPLOAD_BYTES', 25 * 1_048_576, 64 * 1024, 1024 * 1_048_576),
    scoringModel: scoringModelUrl
      ? {
          url: scoringModelUrl,
          key: str('SCORING_MODEL_API_KEY'),
          model: str('SCORING_MODEL') ?? 'gpt-4o-mini',
          timeoutMs: scoringModelTimeoutSeconds * 1000,
        }
      : null,
    corsOrigins,
    liveEvents: {
      heartbeatSeconds: int('EVENTS_HEARTBEAT_SECONDS', 15, 1, 300),
      maxStreamsPerPrincipal: int('EVENTS_MAX_STREAMS_PER_PRINCIPAL', 5, 1, 1000),
      streamBufferBytes: int('EVENTS_STREAM_BUFFER_BYTES', 1_048_576, 1024, 64 * 1_048_576),
      retentionHours: int('EVENTS_RETENTION_HOURS', 24, 1, 24 * 30),
      pollSeconds: int('EVENTS_POLL_SECONDS', 5, 1, 300),
    },
    webhooks: {
      allowPrivateAddresses: bool('WEBHOOKS_ALLOW_PRIVATE_ADDRESSES', false),
      retryScheduleSeconds: parseRetrySchedule(str('WEBHOOKS_RETRY_SCHEDULE_SECONDS'), problems),
      timeoutMs: int('WEBHOOKS_TIMEOUT_SECONDS', 10, 1, 60) * 1000,
      secretOverlapSeconds: int('WEBHOOKS_SECRET_OVERLAP_SECONDS', 86_400, 0, 30 * 86_400),
      concurrency: int('WEBHOOKS_DELIVERY_CONCURRENCY', 4, 1, 64),
    },
    notices,
  };
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(values.apiKeyPrefix)) {
    problems.push('API_KEY_PREFIX must be lowercase letters, digits and underscores');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig(values);
}

function parseCorsOrigins(raw: string | null, nodeEnv: AppConfig['nodeEnv'], problems: string[]): AppConfig['corsOrigins'] {
  // Unset: a frontend's dev server on any localhost port may call a development service; nothing else.
  if (raw === null) return { any: false, origins: [], localhost: nodeEnv === 'development' };
  const origins: string[] = [];
  let any = false;
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (entry === '*') {
      any = true;
      continue;
    }
    try {
      const u = new URL(entry);
      if (!['http:', 'https:'].includes(u.protocol) || u.origin !== entry.replace(/\/$/, '')) throw new Error('not an origin');
      origins.push(u.origin);
    } catch {
      problems.push(`CORS_ORIGINS must list origins such as https://app.example.com, or * (got "${entry}")`);
    }
  }
  return { any, origins, localhost: false };
}

/**
 * Seconds before each retry of a failed webhook delivery. The default spreads 9 retries over
 * about three days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 20 h).
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 72_000];

function parseRetrySchedule(raw: string | null, problems: string[]): number[] {
  if (raw === null) return [...DEFAULT_WEBHOOK_RETRY_SCHEDULE];
  const entries = raw.split(',').map((e) => e.trim());
  const seconds = entries.map(Number);
  if (entries.length > 30 || seconds.some((n) => !Number.isInteger(n) || n < 0 || n > 7 * 86_400)) {
    problems.push(
      `WEBHOOKS_RETRY_SCHEDULE_SECONDS must list up to 30 whole numbers of seconds (0 to 604800), comma-separated (got "${raw}")`,
    );
    return [...DEFAULT_WEBHOOK_RETRY_SCHEDULE];
  }
  return seconds;
}

/** `ip`, `ip:port` or `[ipv6]:port`, comma-separated, as `dns.Resolver#setServers` takes them. */
function parseDnsServers(raw: string | null, problems: string[]): string[] {
  if (raw === null) return [];
  const servers: string[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const v4WithPort = /^([^:]+):(\d+)$/.exec(entry);
    const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : v4WithPort ? [v4WithPort[1]!, v4WithPort[2]] : [entry, undefined];
    const family = isIP(host);
    const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    if (family === 0 || !portOk || (family === 4 && bracketed)) {
      problems.push(`DNS_SERVERS must list IP addresses, optionally with a port (1.1.1.1, 127.0.0.1:5353, [::1]:53) (got "${entry}")`);
      continue;
    }
    servers.push(port === undefined ? host : family === 6 ? `[${host}]:${port}` : `${host}:${port}`);
  }
  return servers;
}

function developmentKey(dataDir: string): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const file = path.join(dataDir, 'dev-encryption.key');
  try {
    const existing = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    if (existing.length === 32) return existing;
  } catch {
    /* first start */
  }
  const key = randomBytes(32);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  } catch {
    /* read-only disk: the key lives for this process only */
  }
  return key;
}
