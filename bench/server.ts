/**
 * Child process of bench/run.ts: opens one target database, seeds it, and serves the endpoint twice
 * (our service and the bare baseline) so the load generator never shares this event loop.
 * Talks to the parent over IPC: sends `ready` (or `failed`), exits on `stop`.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/create-app';
import { apiKeyStatements } from '@infrastructure/auth/api-key-authenticator';
import { loadConfig } from '@infrastructure/config/app-config';
import { Database } from '@infrastructure/persistence/database';
import { SET_TENANT } from '@infrastructure/persistence/drizzle-unit-of-work';
import { runMigrations } from '@infrastructure/persistence/migrator';
import { auditListStatement } from '@infrastructure/persistence/audit/drizzle-audit.read-model';
import { BARE_SQL, startBareServer } from './bare-server';
import { seed } from './seed';

export type ChildMessage =
  | {
      type: 'ready';
      oursPort: number;
      barePort: number;
      organizationId: string;
      apiKey: string;
      auditRows: number;
      seedSeconds: number;
      notes: string[];
    }
  | { type: 'failed'; stage: string; message: string }
  /** CPU time this process has used so far, in microseconds (answers `cpu`). */
  | { type: 'cpu'; micros: number };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/** The statements src sends, so a change there shows up as a warning instead of a silently unfair baseline. */
function sqlDrift(database: Database): string[] {
  const apiKey = apiKeyStatements(database.db);
  const sent: Record<keyof typeof BARE_SQL, string> = {
    apiKey: apiKey.lookup.text,
    touchApiKey: apiKey.touch.text,
    tenant: SET_TENANT.text,
    listAuditLogs: auditListStatement([]).text,
  };
  return (Object.keys(sent) as (keyof typeof BARE_SQL)[])
    .filter((k) => sent[k] !== BARE_SQL[k])
    .map((k) => `baseline SQL "${k}" differs from what our service sends now: ${sent[k]}`);
}

async function main(): Promise<void> {
  const kind = process.env.BENCH_CHILD_KIND === 'postgres' ? 'postgres' : 'embedded';
  const url = kind === 'postgres' ? process.env.BENCH_CHILD_URL! : null;
  let stage = 'config';
  let database: Database | null = null;
  try {
    // A throwaway encryption key unless one is given: nothing is decrypted here, and no key file gets written.
    const config = loadConfig({
      ...process.env,
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      // One API key drives the whole load: the per-key rate limit would measure itself.
      RATE_LIMIT_PER_MINUTE: '0',
    });
    stage = 'open database';
    database =
      kind === 'postgres'
        ? await Database.open({ kind: 'postgres', url: url!, poolSize: config.databasePoolSize })
        : await Database.open({ kind: 'pglite', dataDir: null });
    await database.query('select 1');
    stage = 'migrate';
    await runMigrations(database);
    const notes = sqlDrift(database);
    stage = 'seed';
    const seeded = await seed(database, config);
    stage = 'start service';
    const app = await createApp(config.with({ jobsEnabled: false, logLevel: 'silent', swaggerEnabled: false, databaseUrl: url }), {
      database,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stage = 'start baseline';
    const prepare = !/^(0|false|no|off)$/i.test(process.env.BENCH_BARE_PREPARE ?? 'true');
    const bare = await startBareServer({
      database: kind === 'embedded' ? database : null,
      postgresUrl: url,
      poolSize: config.databasePoolSize,
      prepare,
      cursorKey: randomBytes(32),
    });
    if (kind === 'postgres') notes.push(`baseline postgres.js prepare=${prepare}; pool size ${config.databasePoolSize} for both servers`);

    let stopping = false;
    process.on('message', (message: { type?: string }) => {
      if (message?.type === 'cpu') {
        const usage = process.cpuUsage();
        void send({ type: 'cpu', micros: usage.user + usage.system });
        return;
      }
      if (message?.type !== 'stop' || stopping) return;
      stopping = true;
      // The baseline borrows the embedded database: close it before the app closes the database.
      void (async () => {
        await bare.close().catch(() => undefined);
        await app.close().catch(() => undefined);
        process.exit(0);
      })();
    });
    process.on('disconnect', () => process.exit(0));

    await send({
      type: 'ready',
      oursPort: (app.getHttpServer().address() as AddressInfo).port,
      barePort: bare.port,
      organizationId: seeded.organizationId,
      apiKey: seeded.apiKey,
      auditRows: seeded.auditRows,
      seedSeconds: seeded.seconds,
      notes,
    });
  } catch (error) {
    const e = error as Error & { cause?: unknown };
    await send({ type: 'failed', stage, message: `${e.message ?? String(error)}${e.cause ? ` (cause: ${String(e.cause)})` : ''}` });
    await database?.close().catch(() => undefined);
    process.exit(1);
  }
}

void main();
