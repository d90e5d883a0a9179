import * as path from 'node:path';

/** Fixed secrets for tests only. */
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
export const TEST_ENCRYPTION_KEY = '0f'.repeat(32);
export const TMP_DIR = path.resolve(__dirname, '../../.tmp');
/**
 * Each test run has its own templates (named by the run's global setup), so two runs on one
 * machine never copy a template the other is rebuilding.
 */
export function runId(): string {
  const id = process.env.SWITCHBOARD_TEST_RUN;
  if (!id) throw new Error('SWITCHBOARD_TEST_RUN is not set: run the suites through jest (its global setup sets it)');
  return id;
}

export function pgliteTemplateDir(): string {
  return path.join(TMP_DIR, `pglite-template-${runId()}`);
}

/** The real PostgreSQL, when the suites run against it. */
export function postgresUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  return url && url.trim() !== '' ? url.trim() : null;
}

export function databaseUrlFor(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export function templateDatabase(): string {
  return `switchboard_template_${runId()}`;
}
