import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import postgres from 'postgres';
import { Database } from '@infrastructure/persistence/database';
import * as path from 'node:path';
import { databaseUrlFor, pgliteTemplateDir, postgresUrl, runId, templateDatabase, TMP_DIR } from './test-environment';

export interface TestDatabase {
  database: Database;
  /** Set on PostgreSQL: the connection string of this test's own database. */
  url: string | null;
  /** Closes and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database of its own: a PGlite copy of the template, or a PostgreSQL database made from it. */
export async function createTestDatabase(options: { route?: (url: string) => string } = {}): Promise<TestDatabase> {
  const base = postgresUrl();
  if (!base) {
    const dir = path.join(TMP_DIR, `pglite-${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.cpSync(pgliteTemplateDir(), dir, { recursive: true });
    const database = await Database.open({ kind: 'pglite', dataDir: dir });
    return {
      database,
      url: null,
      dispose: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `switchboard_t_${runId()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${templateDatabase()}`);
        break;
      } catch (error) {
        // Two copies of one template at the same instant can collide; try again.
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const direct = databaseUrlFor(base, name);
  // A route (a fault-injecting proxy) changes how the service reaches its database, not which one.
  const url = options.route ? options.route(direct) : direct;
  const database = await Database.open({
    kind: 'postgres',
    url,
    poolSize: 5,
    timeouts: options.route ? { connectSeconds: 2, statementMs: 10_000, idleInTransactionMs: 10_000 } : undefined,
  });
  return {
    database,
    url,
    dispose: async () => {
      await database.close().catch(() => undefined);
      const cleanup = postgres(base, { max: 1, onnotice: () => undefined });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
