import * as path from 'node:path';

/** Fixed secrets for tests only. */
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
export const TEST_ENCRYPTION_KEY = '0f'.repeat(32);
export const TMP_DIR = path.resolve(__dirname, '../../.tmp');
export const PGLITE_TEMPLATE = path.join(TMP_DIR, 'pglite-template');

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

export const TEMPLATE_DATABASE = 'switchboard_test_template';
