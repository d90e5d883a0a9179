import { Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { Clock } from '../../domain/shared/clock';
import type { Permission } from '../../domain/tenancy/roles';
import { ProblemException } from '../http/problem';
import { Database } from '../persistence/database';
import { apiKeys, organizations } from '../persistence/schema';
import { hashApiKey, RandomApiKeySecrets } from './api-key-secrets';
import type { Principal } from './principal';

/** Refreshing `last_used_at` on every request would turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly database: Database,
    private readonly secrets: RandomApiKeySecrets,
    private readonly clock: Clock,
  ) {}

  async authenticate(key: string): Promise<Principal & { kind: 'api_key' }> {
    if (!this.secrets.isWellFormed(key)) throw refused('auth.invalid_api_key', 'The API key is not valid');
    const [row] = await this.database.db
      .select({
        id: apiKeys.id,
        organizationId: apiKeys.organizationId,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
      })
      .from(apiKeys)
      .innerJoin(organizations, and(eq(organizations.id, apiKeys.organizationId), isNull(organizations.deletedAt)))
      .where(eq(apiKeys.keyHash, hashApiKey(key)))
      .limit(1);
    if (!row) throw refused('auth.invalid_api_key', 'The API key is not valid');
    const now = this.clock.now();
    if (row.revokedAt) throw refused('auth.api_key_revoked', 'The API key has been revoked');
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw refused('auth.api_key_expired', 'The API key has expired');
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.database.db
        .update(apiKeys)
        .set({ lastUsedAt: now })
        .where(and(eq(apiKeys.id, row.id), sql`coalesce(${apiKeys.lastUsedAt}, '-infinity') < ${now.toISOString()}::timestamptz`));
    }
    return { kind: 'api_key', keyId: row.id, organizationId: row.organizationId, scopes: row.scopes as Permission[] };
  }
}

function refused(code: string, detail: string): ProblemException {
  return new ProblemException(401, code, detail);
}
