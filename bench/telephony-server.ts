/**
 * Child process of the telephony scenarios (bench/telephony.ts): opens one target database,
 * starts our service (with PUBLIC_BASE_URL and a fake Twilio REST API), seeds it through the API,
 * and serves the status callback twice: our service and the bare Fastify + driver baseline
 * (bench/telephony-bare.ts). Talks to the parent over IPC.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/create-app';
import { loadConfig } from '@infrastructure/config/app-config';
import { Database } from '@infrastructure/persistence/database';
import { runMigrations } from '@infrastructure/persistence/migrator';
import { startBareStatusServer } from './telephony-bare';
import { startLeanStatusServer } from './telephony-lean';
import { seedTelephony, startFakeTwilio, type SeededWorkspace } from './telephony-seed';

export const PUBLIC_BASE_URL = process.env.BENCH_PUBLIC_BASE_URL ?? 'https://switchboard.bench.example';

export type TelephonyChildMessage =
  | {
      type: 'ready';
      oursPort: number;
      barePort: number;
      leanPort: number;
      publicBaseUrl: string;
      workspaces: SeededWorkspace[];
      legs: string[][];
      seedSeconds: number;
      notes: string[];
    }
  | { type: 'failed'; stage: string; message: string }
  | { type: 'cpu'; micros: number }
  /** Rows the scenarios write, for checking that every answered request really wrote. */
  | {
      type: 'counts';
      auditRows: number;
      unsealedRows: number;
      calls: number;
      statements: Record<'ours' | 'bare' | 'lean', { all: number; transactionControl: number }>;
    }
  /** Statements each server sent while tracing was on, in order (PostgreSQL only). */
  | { type: 'trace'; ours: string[]; bare: string[]; lean: string[] };

export type TelephonyParentMessage = { type: 'cpu' } | { type: 'counts' } | { type: 'trace'; on: boolean } | { type: 'stop' };

function send(message: TelephonyChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

type Debug = (connection: number, text: string, parameters: unknown[]) => void;

async function main(): Promise<void> {
  const kind = process.env.BENCH_CHILD_KIND === 'postgres' ? 'postgres' : 'embedded';
  const url = kind === 'postgres' ? process.env.BENCH_CHILD_URL! : null;
  let stage = 'fake twilio';
  let database: Database | null = null;
  try {
    const fakeTwilio = await startFakeTwilio();
    stage = 'config';
    const encryptionKey = randomBytes(32).toString('hex');
    const jwtSecret = randomBytes(32).toString('hex');
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: encryptionKey,
      SUPABASE_JWT_SECRET: jwtSecret,
      PUBLIC_BASE_URL,
      TWILIO_API_BASE_URL: fakeTwilio.url,
      JOBS_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      ...(url ? { DATABASE_URL: url } : { DATABASE_URL: '' }),
    });
    stage = 'open database';
    database =
      kind === 'postgres'
        ? await Database.open({ kind: 'postgres', url: url!, poolSize: config.databasePoolSize })
        : await Database.open({ kind: 'pglite', dataDir: null });
    await database.query('select 1');
    stage = 'migrate';
    await runMigrations(database);
    stage = 'start service';
    const app = await createApp(config, { database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stage = 'seed';
    // PGlite answers a few hundred callbacks a second at most: fewer legs there, and a shorter seed.
    const legsTotal = Number(process.env.BENCH_CALL_LEGS) > 0 ? Number(process.env.BENCH_CALL_LEGS) : kind === 'postgres' ? 40_000 : 10_000;
    const seeded = await seedTelephony(app, database, jwtSecret, { organizations: 4, workspacesPerOrganization: 2, legs: legsTotal });
    stage = 'start baseline';
    const prepare = !/^(0|false|no|off)$/i.test(process.env.BENCH_BARE_PREPARE ?? 'true');
    const bare = await startBareStatusServer({
      database: kind === 'embedded' ? database : null,
      postgresUrl: url,
      poolSize: config.databasePoolSize,
      prepare,
      encryptionKey: config.encryptionKey,
      publicBaseUrl: config.publicBaseUrl,
      lean: process.env.BENCH_BARE_STATUS === 'lean',
    });
    const lean = await startLeanStatusServer({
      database: kind === 'embedded' ? database : null,
      postgresUrl: url,
      poolSize: config.databasePoolSize,
      encryptionKey: config.encryptionKey,
      publicBaseUrl: config.publicBaseUrl,
    });
    const notes: string[] = [];
    if (process.env.BENCH_BARE_STATUS === 'lean')
      notes.push('BENCH_BARE_STATUS=lean: the baseline runs the two lookups inside the write transaction (5 statements fewer than ours)');
    if (kind === 'postgres') notes.push(`baseline postgres.js prepare=${prepare}; pool size ${config.databasePoolSize} for both servers`);

    // Statements counted (and, for a few requests, traced) through postgres.js' `debug` hook, read on every query.
    let trace: { ours: string[]; bare: string[]; lean: string[] } | null = null;
    const statements = {
      ours: { all: 0, transactionControl: 0 },
      bare: { all: 0, transactionControl: 0 },
      lean: { all: 0, transactionControl: 0 },
    };
    for (const [sql, into] of [
      [database.postgres, 'ours'],
      [bare.postgres, 'bare'],
      [lean.postgres, 'lean'],
    ] as const) {
      if (!sql) continue;
      const counter = statements[into];
      (sql.options as unknown as { debug: Debug | false }).debug = (_c, text) => {
        counter.all += 1;
        if (text.length < 12 && /^(begin|commit|rollback)/i.test(text)) counter.transactionControl += 1;
        trace?.[into].push(text.replace(/\s+/g, ' ').trim());
      };
    }
    let stopping = false;
    process.on('message', (message: TelephonyParentMessage) => {
      void (async () => {
        switch (message?.type) {
          case 'cpu': {
            const usage = process.cpuUsage();
            return send({ type: 'cpu', micros: usage.user + usage.system });
          }
          case 'counts': {
            const r = await database!.query(
              `select (select count(*)::int from audit_logs where resource_type = 'call') as audit_rows,
                      (select count(*)::int from audit_log_unsealed) as unsealed_rows,
                      (select count(*)::int from calls) as calls`,
            );
            const row = r.rows[0]!;
            return send({
              type: 'counts',
              auditRows: Number(row.audit_rows),
              unsealedRows: Number(row.unsealed_rows),
              calls: Number(row.calls),
              statements: structuredClone(statements),
            });
          }
          case 'trace':
            if (message.on) {
              trace = { ours: [], bare: [], lean: [] };
              return undefined;
            }
            return send({ type: 'trace', ours: trace?.ours ?? [], bare: trace?.bare ?? [], lean: trace?.lean ?? [] }).then(() => {
              trace = null;
            });
          case 'stop':
            if (stopping) return undefined;
            stopping = true;
            // The baseline borrows the embedded database: close it before the app closes the database.
            await bare.close().catch(() => undefined);
            await lean.close().catch(() => undefined);
            await app.close().catch(() => undefined);
            await fakeTwilio.close().catch(() => undefined);
            process.exit(0);
        }
        return undefined;
      })();
    });
    process.on('disconnect', () => process.exit(0));

    await send({
      type: 'ready',
      oursPort: (app.getHttpServer().address() as AddressInfo).port,
      barePort: bare.port,
      leanPort: lean.port,
      publicBaseUrl: config.publicBaseUrl,
      workspaces: seeded.workspaces,
      legs: seeded.legs,
      seedSeconds: seeded.seconds,
      notes,
    });
  } catch (error) {
    const e = error as Error & { cause?: unknown };
    await send({
      type: 'failed',
      stage,
      message: `${e.stack ?? e.message ?? String(error)}${e.cause ? ` (cause: ${String(e.cause)})` : ''}`,
    });
    await database?.close().catch(() => undefined);
    process.exit(1);
  }
}

void main();
