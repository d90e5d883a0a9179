import * as path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './database';

export const MIGRATIONS_FOLDER = path.resolve(__dirname, '../../../drizzle');

/** Applies the SQL migrations under drizzle/; replicas starting together take turns. */
export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: 'drizzle' };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
    return;
  }
  const lockConnection = await database.postgres!.reserve();
  try {
    await lockConnection`select pg_advisory_lock(7261001)`;
    await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  } finally {
    await lockConnection`select pg_advisory_unlock(7261001)`.catch(() => undefined);
    lockConnection.release();
  }
}
