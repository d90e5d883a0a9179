import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fillPlaceholders, sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** One type for both drivers: repositories never know which one runs. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface RawResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize: number; timeouts?: DatabaseTimeouts }
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob; sharedBuffersMb?: number };

/** Bounds on waiting for PostgreSQL, so an outage is a quick 503 rather than a hang. */
export interface DatabaseTimeouts {
  /** Seconds to open a connection. */
  connectSeconds: number;
  /** Longest statement, in milliseconds (PostgreSQL's statement_timeout). */
  statementMs: number;
  /** Longest a transaction may sit idle, in milliseconds (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
}

/** The embedded database's page cache when the configuration does not say. */
export const EMBEDDED_SHARED_BUFFERS_MB = 16;

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectSeconds: 5, statementMs: 30_000, idleInTransactionMs: 60_000 };

/**
 * The process's connection to PostgreSQL: a postgres.js pool, or an embedded PGlite.
 * Holds the Drizzle instance and a raw escape hatch for infrastructure (pg-boss, migrations).
 */
export class Database {
  private constructor(
    readonly kind: DatabaseTarget['kind'],
    readonly db: Db,
    readonly pglite: PGlite | null,
    readonly postgres: postgres.Sql | null,
  ) {}

  static async open(target: DatabaseTarget): Promise<Database> {
    if (target.kind === 'postgres') {
      const timeouts = target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
      const client = postgres(target.url, {
        max: target.poolSize,
        onnotice: () => undefined,
        connect_timeout: timeouts.connectSeconds,
        connection: {
          application_name: 'switchboard',
          statement_timeout: timeouts.statementMs,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        },
        // `socket` is a documented postgres.js option its typings leave out.
        ...({ socket: connectWithoutNagle } as object),
      });
      return new Database('postgres', drizzlePostgres({ client, schema }) as unknown as Db, null, client);
    }
    let release = () => undefined as void;
    if (target.dataDir) {
      fs.mkdirSync(path.dirname(target.dataDir), { recursive: true });
      release = lockDataDir(target.dataDir);
    }
    // PostgreSQL's 128 MB shared_buffers default is most of an idle embedded service (473 MB
    // RSS; 16 MB brings it near 350). Passed at start, not written to the data directory.
    const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${target.sharedBuffersMb ?? EMBEDDED_SHARED_BUFFERS_MB}MB`];
    const pglite = new PGlite(target.dataDir ?? undefined, {
      startParams,
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
    await pglite.waitReady;
    const database = new Database('pglite', drizzlePglite({ client: pglite, schema }) as unknown as Db, pglite, null);
    database.releaseLock = release;
    return database;
  }

  /** Parameterised SQL outside any unit of work ($1, $2, ... placeholders). */
  async query(text: string, values: unknown[] = []): Promise<RawResult> {
    if (this.pglite) {
      if (values.length === 0 && !/\$\d/.test(text)) {
        const results = await this.pglite.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
      }
      const r = await this.pglite.query<Record<string, unknown>>(text, values);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    }
    const pg = this.postgres!;
    const rows = values.length === 0 ? await pg.unsafe(text) : await pg.unsafe(text, values as postgres.ParameterOrJSON<never>[]);
    return { rows: rows as unknown as Record<string, unknown>[], rowCount: rows.count ?? rows.length };
  }

  private releaseLock: () => void = () => undefined;

  async close(): Promise<void> {
    if (this.pglite && !this.pglite.closed) await this.pglite.close();
    this.releaseLock();
    if (this.postgres) await this.postgres.end({ timeout: 5 });
  }
}

const dialect = new PgDialect();

/**
 * A query Drizzle renders once (its values are `sql.placeholder`s), then runs as a prepared
 * statement on the session it is given: the pool, or the transaction of the current unit of work
 * (a Drizzle `.prepare()` stays bound to the session it was built from, so it cannot follow the
 * transaction). Being named is what makes Drizzle ask postgres.js to prepare it: parsed once per
 * connection, then one round trip per run with no describe step. PGlite runs it in-process either
 * way. Rows come back as the driver gives them, keyed by column name, for the caller to map in one
 * pass with `decode`.
 */
export class PreparedStatement<Placeholder extends string = never> {
  readonly text: string;
  private readonly params: unknown[];

  constructor(
    readonly name: string,
    query: SQLWrapper,
  ) {
    const rendered = dialect.sqlToQuery(query.getSQL());
    this.text = rendered.sql;
    this.params = rendered.params;
  }

  async rows(db: Db, values: Record<Placeholder, unknown>): Promise<Record<string, unknown>[]> {
    const query = { sql: this.text, params: fillPlaceholders(this.params, values) };
    const result = (await db._.session.prepareQuery(query, undefined, this.name, false).execute()) as unknown;
    return rowsOf<Record<string, unknown>>(result);
  }
}

/** The rows of a raw result: postgres.js answers an array of rows, PGlite an object with rows. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A raw column value as Drizzle would map it (timestamps to Date, jsonb, bigint as number); null stays null. */
export function decode<C extends AnyColumn>(column: C, value: unknown): C['_']['data'] | null {
  return value === null || value === undefined ? null : (column.mapFromDriverValue(value) as C['_']['data']);
}

/**
 * postgres.js leaves Nagle's algorithm on: a transaction's small messages then wait on the
 * server's delayed ACKs (measured: a claim 94 ms with it, 39 ms without, on this machine).
 * The socket is handed over while it connects (what postgres.js buffers its start-up message
 * into): a refused or broken connection then reaches postgres.js as the socket's own `error`
 * and `close`, which free the pool slot and let it reconnect. A promise that rejected instead
 * would leave the slot taken for good (every query hung after an outage).
 */
export function connectWithoutNagle(options: { host: string[]; port: number[]; path?: string | false }): net.Socket {
  return options.path
    ? net.connect({ path: options.path })
    : net.connect({ host: options.host[0], port: options.port[0] ?? 5432, noDelay: true });
}

/** Errors that mean PostgreSQL cannot be reached or is going away, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
      'CONNECT_TIMEOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
    ].includes(code) ||
    // connection_exception, operator_intervention (shutdown, cannot connect now), too many connections
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300'].includes(code)
  );
}

/**
 * PGlite is one process's database: a second process opening the same directory would see
 * stale pages and corrupt it. The lock names the holder, so the second one says who.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      const onExit = () => fs.rmSync(lockFile, { force: true });
      process.once('exit', onExit);
      return () => {
        process.off('exit', onExit);
        onExit();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder} (a running "npm start"?). ` +
            'Stop it first, or set DATABASE_URL so that several processes can share a PostgreSQL.',
        );
      }
      fs.rmSync(lockFile, { force: true }); // left behind by a process that is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `text` with `$n` placeholders through a Drizzle session (so it joins an open transaction). */
export async function executeRaw(db: Db, text: string, values: unknown[] = []): Promise<RawResult> {
  const query = values.length === 0 ? sql.raw(text) : toSql(text, values);
  const result = (await db.execute(query)) as unknown;
  // postgres.js answers an array with a count; PGlite an object with rows.
  if (Array.isArray(result)) {
    const r = result as unknown as Record<string, unknown>[] & { count?: number };
    return { rows: r, rowCount: r.count ?? r.length };
  }
  const r = result as { rows: Record<string, unknown>[]; affectedRows?: number };
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
}

function toSql(text: string, values: unknown[]): SQL {
  const parts: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    parts.push(sql.raw(text.slice(last, match.index)));
    parts.push(sql`${toParam(values[Number(match[1]) - 1])}`);
    last = match.index! + match[0].length;
  }
  parts.push(sql.raw(text.slice(last)));
  return sql.join(parts);
}

/** Drizzle drops undefined parameters and both drivers differ on objects: normalise like node-postgres. */
function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}
