import * as fs from 'node:fs';
import PgBoss from 'pg-boss';
import postgres from 'postgres';
import { Database } from '@infrastructure/persistence/database';
import { runMigrations } from '@infrastructure/persistence/migrator';
import { PGBOSS_SCHEMA } from '@infrastructure/jobs/pg-boss-job-queue';
import { randomBytes } from 'node:crypto';
import { databaseUrlFor, pgliteTemplateDir, postgresUrl, templateDatabase, TMP_DIR } from './test-environment';

/**
 * Migrates one template database (and installs pg-boss's schema in it) once per run;
 * every test file then starts from a copy, which takes milliseconds instead of seconds.
 */
export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  // Inherited by the workers Jest starts after this.
  process.env.SWITCHBOARD_TEST_RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const templateName = templateDatabase();
  const templateDir = pgliteTemplateDir();
  const base = postgresUrl();
  if (base) {
    const admin = postgres(base, { max: 1, onnotice: () => undefined });
    try {
      await admin.unsafe(`drop database if exists ${templateName} with (force)`);
      await admin.unsafe(`create database ${templateName}`);
    } finally {
      await admin.end();
    }
    const url = databaseUrlFor(base, templateName);
    const database = await Database.open({ kind: 'postgres', url, poolSize: 2 });
    await runMigrations(database);
    const boss = new PgBoss({ connectionString: url, schema: PGBOSS_SCHEMA, max: 1, supervise: false, schedule: false });
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
    await database.close();
    return;
  }
  // A data directory on disk, copied per test file: a dump would lose the cluster's roles.
  fs.rmSync(templateDir, { recursive: true, force: true });
  const database = await Database.open({ kind: 'pglite', dataDir: templateDir });
  await runMigrations(database);
  const boss = new PgBoss({
    schema: PGBOSS_SCHEMA,
    supervise: false,
    schedule: false,
    db: { executeSql: (text: string, values: unknown[]) => database.query(text, values ?? []) },
  });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  await database.close();
}
