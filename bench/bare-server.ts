import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import postgres from 'postgres';
import { connectWithoutNagle, type Database } from '@infrastructure/persistence/database';

/**
 * The SQL our service sends for GET /v1/organizations/{orgId}/audit-logs, as prepared statements
 * (ApiKeyAuthenticator, DrizzleUnitOfWork, DrizzleAuditReadModel). server.ts checks at start-up
 * that our service still sends exactly these strings.
 */
export const BARE_SQL = {
  apiKey:
    'select "api_keys"."id", "api_keys"."organization_id", "api_keys"."scopes", "api_keys"."expires_at", "api_keys"."revoked_at", "api_keys"."last_used_at" ' +
    'from "api_keys" inner join "organizations" on ("organizations"."id" = "api_keys"."organization_id" and "organizations"."deleted_at" is null) ' +
    'where "api_keys"."key_hash" = $1 limit $2',
  touchApiKey: `update "api_keys" set "last_used_at" = $1 where ("api_keys"."id" = $2 and coalesce("api_keys"."last_used_at", '-infinity') < $3)`,
  tenant: "select set_config('role', 'app_tenant', true), set_config('app.organization_id', $1, true)",
  listAuditLogs:
    'select "audit_logs"."organization_id", "audit_logs"."id", "audit_logs"."event_id", "audit_logs"."occurred_at", "audit_logs"."actor_type", ' +
    '"audit_logs"."actor_id", "audit_logs"."action", "audit_logs"."resource_type", "audit_logs"."resource_id", "audit_logs"."changes", "audit_logs"."ip", ' +
    '"audit_logs"."user_agent", "audit_logs"."request_id", "audit_log_seals"."sequence", "audit_log_seals"."hash" ' +
    'from "audit_logs" left join "audit_log_seals" on ("audit_log_seals"."organization_id" = "audit_logs"."organization_id" and "audit_log_seals"."audit_log_id" = "audit_logs"."id") ' +
    'where "audit_logs"."organization_id" = $1 order by "audit_logs"."id" desc limit $2',
} as const;

type Row = Record<string, unknown>;

/** The three things a request needs from the database, on either driver. */
interface BareDriver {
  query(text: string, values: unknown[]): Promise<Row[]>;
  /** One transaction: switch to the tenant role and organization, then run `text`. */
  tenantQuery(organizationId: string, text: string, values: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

function postgresDriver(url: string, poolSize: number, prepare: boolean): BareDriver {
  // The same sockets as ours (no Nagle's algorithm): the comparison is of the servers, not of TCP settings.
  const sql = postgres(url, {
    max: poolSize,
    prepare,
    onnotice: () => undefined,
    connection: { application_name: 'switchboard-bench-bare' },
    ...({ socket: connectWithoutNagle } as object),
  });
  return {
    query: async (text, values) => (await sql.unsafe(text, values as any[])) as unknown as Row[],
    tenantQuery: (organizationId, text, values) =>
      sql.begin(async (tx) => {
        await tx.unsafe(BARE_SQL.tenant, [organizationId]);
        return (await tx.unsafe(text, values as any[])) as unknown as Row[];
      }) as Promise<Row[]>,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** PGlite is in-process and single-session: plain queries through database.query, transactions through PGlite's own lock. */
function pgliteDriver(database: Database): BareDriver {
  const pglite = database.pglite!;
  return {
    query: async (text, values) => (await database.query(text, values)).rows,
    tenantQuery: (organizationId, text, values) =>
      pglite.transaction(async (tx) => {
        await tx.query(BARE_SQL.tenant, [organizationId]);
        return (await tx.query<Row>(text, values)).rows;
      }),
    close: async () => undefined,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST_USED_RESOLUTION_MS = 60_000;

export interface BareServer {
  port: number;
  close(): Promise<void>;
}

export interface BareOptions {
  /** The embedded database to share, or null for PostgreSQL at `postgresUrl`. */
  database: Database | null;
  postgresUrl: string | null;
  poolSize: number;
  /** postgres.js named prepared statements (its default, and what our service uses); false sends each statement unprepared. */
  prepare: boolean;
  cursorKey: Buffer;
}

/**
 * The same endpoint with nothing but Fastify and the driver: authenticate the key (same lookup,
 * same revoked/expired checks, same throttled last_used_at refresh), then one transaction with the
 * tenant role and the same list query, answered as `{ data, nextCursor }`.
 */
export async function startBareServer(options: BareOptions): Promise<BareServer> {
  const driver = options.database
    ? pgliteDriver(options.database)
    : postgresDriver(options.postgresUrl!, options.poolSize, options.prepare);
  const app = Fastify({ logger: false });

  app.get<{ Params: { orgId: string }; Querystring: { limit?: string; cursor?: string } }>(
    '/v1/organizations/:orgId/audit-logs',
    async (request, reply) => {
      const key = request.headers['x-api-key'];
      if (typeof key !== 'string' || key.length === 0) return reply.code(401).send({ code: 'auth.required' });
      const [row] = await driver.query(BARE_SQL.apiKey, [createHash('sha256').update(key).digest('hex'), 1]);
      if (!row) return reply.code(401).send({ code: 'auth.invalid_api_key' });
      const now = new Date();
      if (row.revoked_at) return reply.code(401).send({ code: 'auth.api_key_revoked' });
      if (row.expires_at && (row.expires_at as Date).getTime() <= now.getTime())
        return reply.code(401).send({ code: 'auth.api_key_expired' });
      const lastUsed = row.last_used_at as Date | null;
      if (!lastUsed || now.getTime() - lastUsed.getTime() > LAST_USED_RESOLUTION_MS) {
        await driver.query(BARE_SQL.touchApiKey, [now, row.id, now]);
      }

      const orgId = request.params.orgId.toLowerCase();
      if (!UUID.test(orgId) || row.organization_id !== orgId) return reply.code(404).send({ code: 'organization.not_found' });
      if (!(row.scopes as string[]).includes('audit:read')) return reply.code(403).send({ code: 'auth.forbidden' });
      const limit = request.query.limit === undefined ? 25 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ code: 'validation.failed' });

      const rows = await driver.tenantQuery(orgId, BARE_SQL.listAuditLogs, [orgId, limit + 1]);
      const data = rows.slice(0, limit).map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        eventId: r.event_id,
        occurredAt: r.occurred_at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        changes: r.changes,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
        sequence: r.sequence === null || r.sequence === undefined ? null : Number(r.sequence),
        hash: r.hash ?? null,
      }));
      let nextCursor: string | null = null;
      if (rows.length > limit) {
        const body = Buffer.from(JSON.stringify({ p: data[data.length - 1]!.id })).toString('base64url');
        nextCursor = `${body}.${createHmac('sha256', options.cursorKey).update(body).digest('base64url').slice(0, 22)}`;
      }
      return { data, nextCursor };
    },
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      await app.close();
      await driver.close();
    },
  };
}
