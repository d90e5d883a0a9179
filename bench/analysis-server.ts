/**
 * Child process of the analysis scenario (bench/analysis.ts): opens the PostgreSQL database, seeds
 * 1,000,000 analyses (bench/analysis-seed.ts), starts our service, refreshes the analytics rollup
 * once over the seeded days, VACUUM ANALYZE, signs the reviewers' tokens, and serves GET /analyses
 * a second time from the bare baseline (bench/analysis-bare.ts). Talks to the parent over IPC.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { SignJWT } from 'jose';
import type postgres from 'postgres';
import { createApp } from '../src/create-app';
import { apiKeyStatements } from '@infrastructure/auth/api-key-authenticator';
import { loadConfig } from '@infrastructure/config/app-config';
import { Database, type Db } from '@infrastructure/persistence/database';
import { SET_TENANT } from '@infrastructure/persistence/drizzle-unit-of-work';
import { runMigrations } from '@infrastructure/persistence/migrator';
import { DrizzleAnalysisReadModel } from '@infrastructure/persistence/analysis/drizzle-analysis.read-model';
import * as schema from '@infrastructure/persistence/schema';
import type { TransactionContext } from '@infrastructure/persistence/transaction-context';
import { AnalyticsRefreshJob } from '@modules/analysis';
import { LIST_FILTER, startAnalysisBareServer } from './analysis-bare';
import { DEFAULT_ANALYSIS_SEED, seedAnalyses, type AnalysisSeedResult } from './analysis-seed';
import { BARE_SQL } from './bare-server';

export type AnalysisChildMessage =
  | {
      type: 'ready';
      oursPort: number;
      barePort: number;
      organizationId: string;
      apiKey: string;
      reviewers: { id: string; token: string }[];
      seed: Omit<AnalysisSeedResult, 'apiKey' | 'reviewers' | 'organizationId'>;
      refresh: { rows: number; seconds: number; fromDay: string };
      vacuumSeconds: number;
      notes: string[];
    }
  | { type: 'failed'; stage: string; message: string }
  | { type: 'cpu'; micros: number }
  /** Statements each server sent while tracing was on, in order. */
  | { type: 'trace'; ours: string[]; bare: string[] };

export type AnalysisParentMessage = { type: 'cpu' } | { type: 'trace'; on: boolean } | { type: 'stop' };

function send(message: AnalysisChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

const debug = /^(1|true|yes|on)$/i.test(process.env.BENCH_ANALYSIS_DEBUG ?? '');
const t0 = Date.now();
const step = (what: string) => debug && process.stderr.write(`  [analysis-server ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);

type Debug = (connection: number, text: string, parameters: unknown[]) => void;

/**
 * The statements DrizzleAnalysisReadModel.list sends for the benchmark's filter, captured from a
 * Drizzle instance over a stub client: the text, and whether Drizzle asks postgres.js to prepare it.
 */
async function capturedListStatement(organizationId: string): Promise<{ text: string; params: unknown[]; prepare: boolean }> {
  const captured: { text: string; params: unknown[]; prepare: boolean }[] = [];
  const stub = {
    options: { parsers: {}, serializers: {} },
    unsafe(text: string, params: unknown[], options?: { prepare?: boolean }) {
      captured.push({ text, params, prepare: options?.prepare ?? true });
      const result = Promise.resolve([]) as Promise<never[]> & { values?: () => Promise<never[]> };
      result.values = () => Promise.resolve([]);
      return result;
    },
  };
  const db = drizzlePostgres({ client: stub as unknown as postgres.Sql, schema }) as unknown as Db;
  const readModel = new DrizzleAnalysisReadModel({ db } as unknown as TransactionContext);
  await readModel.list(organizationId, { ...LIST_FILTER }, null, 51);
  if (captured.length !== 1) throw new Error(`expected one list statement, captured ${captured.length}`);
  return captured[0]!;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_CHILD_URL!;
  const fresh = process.env.BENCH_CHILD_FRESH === 'true';
  let stage = 'config';
  let database: Database | null = null;
  try {
    const jwtSecret = randomBytes(32).toString('hex');
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
      SUPABASE_JWT_SECRET: jwtSecret,
      JOBS_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      DATABASE_URL: url,
      // A handful of credentials drive the whole load: the per-key and per-user rate limits would measure themselves.
      RATE_LIMIT_PER_MINUTE: '0',
    });
    stage = 'open database';
    step(stage);
    database = await Database.open({ kind: 'postgres', url, poolSize: config.databasePoolSize });
    await database.query('select 1');
    stage = 'migrate';
    step(stage);
    await runMigrations(database);
    const notes: string[] = [];

    stage = 'seed';

    step(stage);
    const int = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
    const seeded = await seedAnalyses(database, config, {
      ...DEFAULT_ANALYSIS_SEED,
      analyses: int('BENCH_ANALYSES', DEFAULT_ANALYSIS_SEED.analyses),
      organizations: int('BENCH_ANALYSIS_ORGANIZATIONS', DEFAULT_ANALYSIS_SEED.organizations),
      bulkLoad: fresh,
    });

    stage = 'start service';

    step(stage);
    const app = await createApp(config, { database });
    await app.listen({ port: 0, host: '127.0.0.1' });

    // The rollup over every seeded day, through the job our service schedules.
    stage = 'analytics refresh';
    step(stage);
    const fromDay = new Date(Date.now() - (DEFAULT_ANALYSIS_SEED.days + 1) * 86_400_000).toISOString().slice(0, 10);
    let started = Date.now();
    const rows = await app.get(AnalyticsRefreshJob).run({ fromDay });
    const refresh = { rows, seconds: (Date.now() - started) / 1000, fromDay };

    stage = 'vacuum';

    step(stage);
    started = Date.now();
    await database.query(
      'vacuum (analyze) organizations, api_keys, profiles, organization_members, analyses, reviewer_loads, analytics_daily, audit_logs, audit_log_unsealed',
    );
    const vacuumSeconds = (Date.now() - started) / 1000;

    stage = 'tokens';

    step(stage);
    const secret = new TextEncoder().encode(jwtSecret);
    const reviewers = await Promise.all(
      seeded.reviewers.map(async (r) => ({
        id: r.id,
        token: await new SignJWT({
          role: 'authenticated',
          sub: r.id,
          email: r.email,
          user_metadata: { full_name: `Reviewer ${r.email.split('-')[1]}` },
        })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt()
          .setAudience('authenticated')
          .setExpirationTime('2h')
          .sign(secret),
      })),
    );

    stage = 'start baseline';

    step(stage);
    const list = await capturedListStatement(seeded.organizationId);
    if (!list.prepare)
      notes.push(
        'our service sends the list query unprepared (Drizzle query builder without a statement name: parse, describe and plan on every request)',
      );
    const apiKey = apiKeyStatements(database.db);
    for (const [name, ours, bare] of [
      ['apiKey', apiKey.lookup.text, BARE_SQL.apiKey],
      ['touchApiKey', apiKey.touch.text, BARE_SQL.touchApiKey],
      ['tenant', SET_TENANT.text, BARE_SQL.tenant],
    ] as const) {
      if (ours !== bare) notes.push(`baseline SQL "${name}" differs from what our service sends now: ${ours}`);
    }
    const prepare = !/^(0|false|no|off)$/i.test(process.env.BENCH_BARE_PREPARE ?? 'true');
    const bare = await startAnalysisBareServer({
      postgresUrl: url,
      poolSize: config.databasePoolSize,
      prepare,
      listSql: list.text,
      cursorKey: randomBytes(32),
    });
    notes.push(`baseline postgres.js prepare=${prepare}, TCP_NODELAY like ours; pool size ${config.databasePoolSize} for both servers`);

    // SQL tracing through postgres.js' `debug` hook (read on every query), on for a few requests only.
    let trace: { ours: string[]; bare: string[] } | null = null;
    const hook =
      (into: 'ours' | 'bare'): Debug =>
      (_c, text) =>
        trace?.[into].push(text.replace(/\s+/g, ' ').trim());
    (database.postgres!.options as unknown as { debug: Debug | false }).debug = hook('ours');
    (bare.postgres.options as unknown as { debug: Debug | false }).debug = hook('bare');

    let stopping = false;
    process.on('message', (message: AnalysisParentMessage) => {
      void (async () => {
        switch (message?.type) {
          case 'cpu': {
            const usage = process.cpuUsage();
            return send({ type: 'cpu', micros: usage.user + usage.system });
          }
          case 'trace':
            if (message.on) {
              trace = { ours: [], bare: [] };
              return undefined;
            }
            return send({ type: 'trace', ours: trace?.ours ?? [], bare: trace?.bare ?? [] }).then(() => {
              trace = null;
            });
          case 'stop':
            if (stopping) return undefined;
            stopping = true;
            await bare.close().catch(() => undefined);
            await app.close().catch(() => undefined);
            process.exit(0);
        }
        return undefined;
      })();
    });
    process.on('disconnect', () => process.exit(0));

    step('ready');
    const { apiKey: key, reviewers: _r, organizationId, ...seed } = seeded;
    await send({
      type: 'ready',
      oursPort: (app.getHttpServer().address() as AddressInfo).port,
      barePort: bare.port,
      organizationId,
      apiKey: key,
      reviewers,
      seed,
      refresh,
      vacuumSeconds,
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
