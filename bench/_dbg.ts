import 'reflect-metadata';
import postgres from 'postgres';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { Database } from '../src/infrastructure/persistence/database';
import { runMigrations } from '../src/infrastructure/persistence/migrator';
import { seed } from './seed';
(async () => {
  const admin = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 1, onnotice: () => undefined });
  await admin.unsafe('drop database if exists switchboard_dbg with (force)');
  await admin.unsafe('create database switchboard_dbg');
  await admin.end();
  const config = loadConfig({ ...process.env, ENCRYPTION_KEY: 'a'.repeat(64), NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const database = await Database.open({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/switchboard_dbg', poolSize: 2 });
  await runMigrations(database);
  console.log(await seed(database, config));
  await database.close();
})();
