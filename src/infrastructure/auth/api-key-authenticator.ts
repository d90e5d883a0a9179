import { Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { Clock } from '@domain/shared/clock';
import type { Permission } from '@domain/tenancy/roles';
import { ProblemException } from '../http/problem';
import { Database, decode, PreparedStatement, type Db } from '../persistence/database';
import { apiKeys, organizations } from '../persistence/schema';
import { hashApiKey, RandomApiKeySecrets } from './api-key-secrets';
import type { Principal } from './principal';

/** Refreshing `last_used_at` on every request would turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The key is looked up on every request, never cached: a revoked key is refused on its next use. */
export function apiKeyStatements(db: Db) {
  return {
    lookup: new PreparedStatement<'keyHash'>(
      'api_key_by_hash',
      db
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
        .where(eq(apiKeys.keyHash, sql.placeholder('keyHash')))
        .limit(1),
    ),
    // `now` is an ISO string: the comparison has no column to encode a Date with.
    touch: new PreparedStatement<'id' | 'now'>(
      'api_key_touch',
      db
        .update(apiKeys)
        .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
        .where(and(eq(apiKeys.id, sql.placeholder('id')), sql`coalesce(${apiKeys.lastUsedAt}, '-infinity') < ${sql.placeholder('now')}`)),
    ),
  };
}

@Injectable()
export class ApiKeyAuthenticator {
  /**
   * When this process last refreshed each key, oldest first: requests arriving together as the
   * minute rolls over all read a stale `last_used_at`, and only the first may write it.
   */
  private readonly refreshedAt = new Map<string, number>();
  private readonly statements: ReturnType<typeof apiKeyStatements>;

  constructor(
    private readonly database: Database,
    private readonly secrets: RandomApiKeySecrets,
    private readonly clock: Clock,
  ) {
    this.statements = apiKeyStatements(database.db);
  }

  async authenticate(key: string): Promise<Principal & { kind: 'api_key' }> {
    if (!this.secrets.isWellFormed(key)) throw refused('auth.invalid_api_key', 'The API key is not valid');
    const [row] = await this.statements.lookup.rows(this.database.db, { keyHash: hashApiKey(key) });
    if (!row) throw refused('auth.invalid_api_key', 'The API key is not valid');
    const now = this.clock.now();
    if (row.revoked_at) throw refused('auth.api_key_revoked', 'The API key has been revoked');
    const expiresAt = decode(apiKeys.expiresAt, row.expires_at);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) throw refused('auth.api_key_expired', 'The API key has expired');
    const id = row.id as string;
    if (this.claimRefresh(id, decode(apiKeys.lastUsedAt, row.last_used_at), now.getTime())) {
      await this.statements.touch.rows(this.database.db, { id, now: now.toISOString() });
    }
    return {
      kind: 'api_key',
      keyId: id,
      organizationId: row.organization_id as string,
      scopes: decode(apiKeys.scopes, row.scopes) as Permission[],
    };
  }

  /** True when `last_used_at` is stale and no other request of this process refreshed it within the resolution. */
  private claimRefresh(id: string, lastUsedAt: Date | null, now: number): boolean {
    if (lastUsedAt && now - lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return false;
    const refreshed = this.refreshedAt.get(id);
    if (refreshed !== undefined && now - refreshed <= LAST_USED_RESOLUTION_MS) return false;
    for (const [key, at] of this.refreshedAt) {
      if (now - at <= LAST_USED_RESOLUTION_MS) break;
      this.refreshedAt.delete(key);
    }
    this.refreshedAt.delete(id);
    this.refreshedAt.set(id, now);
    return true;
  }
}

function refused(code: string, detail: string): ProblemException {
  return new ProblemException(401, code, detail);
}
