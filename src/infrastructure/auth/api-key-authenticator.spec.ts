import { drizzle } from 'drizzle-orm/postgres-js';
import { Clock } from '@domain/shared/clock';
import { loadConfig } from '../config/app-config';
import type { Database } from '../persistence/database';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { RandomApiKeySecrets } from './api-key-secrets';

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

/** A Drizzle database whose session answers the key lookup with `row` and records every statement it runs. */
function fakeDatabase(row: Record<string, unknown>) {
  const ran: string[] = [];
  const db = drizzle.mock();
  Object.assign(db._, {
    session: {
      prepareQuery: (_query: unknown, _fields: unknown, name: string) => ({
        execute: async () => {
          ran.push(name);
          await new Promise((resolve) => setImmediate(resolve));
          return name === 'api_key_by_hash' ? [{ ...row }] : [];
        },
      }),
    },
  });
  return { database: { db } as unknown as Database, ran, row };
}

describe('API key authenticator', () => {
  const secrets = new RandomApiKeySecrets(loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: 'ab'.repeat(32), DATA_DIR: '.tmp' }));
  const { key } = secrets.generate();
  const start = new Date('2030-01-01T00:00:00Z');
  const keyRow = (lastUsedAt: Date | null) => ({
    id: '01900000-0000-7000-8000-000000000001',
    organization_id: '01900000-0000-7000-8000-000000000002',
    scopes: ['audit:read'],
    expires_at: null,
    revoked_at: null,
    last_used_at: lastUsedAt?.toISOString() ?? null,
  });

  it('refreshes last_used_at once however many requests arrive together, then again a minute later', async () => {
    const clock = new FixedClock(start);
    const { database, ran } = fakeDatabase(keyRow(new Date(start.getTime() - 120_000)));
    const authenticator = new ApiKeyAuthenticator(database, secrets, clock);

    await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(key)));
    expect(ran.filter((s) => s === 'api_key_touch')).toHaveLength(1);

    // The row still reads stale (say another process keeps the old value in view): no write within the minute.
    clock.at = new Date(start.getTime() + 60_000);
    await authenticator.authenticate(key);
    expect(ran.filter((s) => s === 'api_key_touch')).toHaveLength(1);

    clock.at = new Date(start.getTime() + 60_001);
    await Promise.all(Array.from({ length: 5 }, () => authenticator.authenticate(key)));
    expect(ran.filter((s) => s === 'api_key_touch')).toHaveLength(2);
  });

  it('writes nothing while the stored last_used_at is recent', async () => {
    const { database, ran } = fakeDatabase(keyRow(new Date(start.getTime() - 30_000)));
    const principal = await new ApiKeyAuthenticator(database, secrets, new FixedClock(start)).authenticate(key);
    expect(principal).toEqual({
      kind: 'api_key',
      keyId: keyRow(null).id,
      organizationId: keyRow(null).organization_id,
      scopes: ['audit:read'],
    });
    expect(ran).toEqual(['api_key_by_hash']);
  });

  it('looks the key up on every request: a key revoked after a success is refused at once', async () => {
    const { database, ran, row } = fakeDatabase(keyRow(start));
    const authenticator = new ApiKeyAuthenticator(database, secrets, new FixedClock(start));
    await authenticator.authenticate(key);
    row.revoked_at = start.toISOString();
    await expect(authenticator.authenticate(key)).rejects.toMatchObject({ status: 401 });
    expect(ran).toEqual(['api_key_by_hash', 'api_key_by_hash']);
  });
});
