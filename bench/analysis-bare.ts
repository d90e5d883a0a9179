import { createHash, createHmac } from 'node:crypto';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import postgres from 'postgres';
import { BARE_SQL } from './bare-server';

/**
 * The bare baseline of GET /v1/organizations/{orgId}/analyses (bench/analysis.ts): Fastify and
 * postgres.js, nothing else. The same statements our service sends: the API key lookup (and its
 * throttled last_used_at refresh) from bench/bare-server.ts, then one transaction with the tenant
 * role and organization set and the list query, whose text bench/analysis-server.ts takes from our
 * read model (DrizzleAnalysisReadModel.list) at start-up, so it cannot drift.
 */
/** The filters the benchmark lists with. */
export const LIST_FILTER = { status: 'needs_review', priority: 'high' } as const;

export interface AnalysisBareOptions {
  postgresUrl: string;
  poolSize: number;
  /** postgres.js named prepared statements (its default); false: every statement unprepared, as Drizzle's query builder sends them. */
  prepare: boolean;
  /** The list statement for (organization, status, priority, limit), as our read model renders it. */
  listSql: string;
  cursorKey: Buffer;
}

export interface AnalysisBareServer {
  port: number;
  postgres: postgres.Sql;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST_USED_RESOLUTION_MS = 60_000;
const STATUSES = new Set(['pending', 'processing', 'completed', 'error', 'needs_review', 'in_review', 'cleared']);
const PRIORITIES = new Set(['high', 'medium', 'low']);

type Row = Record<string, unknown>;

/** The row as our AnalysisView, keys in the same order. */
function toView(r: Row) {
  return {
    id: r.id,
    recordingId: r.recording_id,
    callId: r.call_id,
    source: r.source,
    fileName: r.file_name,
    fileHash: r.file_hash,
    status: r.status,
    priority: r.priority,
    fraudScore: r.fraud_score,
    result: r.result,
    errorReason: r.error_reason,
    assignedTo: r.assigned_to,
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at,
    reviewedBy: r.reviewed_by,
    reviewDecision: r.review_decision,
    reviewNotes: r.review_notes,
    completedAt: r.completed_at,
    metrics: r.metrics,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** As our Database.open connects (src/infrastructure/persistence/database.ts): TCP_NODELAY, so a transaction's small messages do not wait on delayed ACKs. */
function connectWithoutNagle(options: { host: string[]; port: number[]; path?: string | false }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.path
      ? net.connect({ path: options.path })
      : net.connect({ host: options.host[0], port: options.port[0] ?? 5432, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export async function startAnalysisBareServer(options: AnalysisBareOptions): Promise<AnalysisBareServer> {
  const sql = postgres(options.postgresUrl, {
    max: options.poolSize,
    prepare: options.prepare,
    onnotice: () => undefined,
    connection: { application_name: 'switchboard-bench-bare-analysis' },
    ...({ socket: connectWithoutNagle } as object),
  });
  const app = Fastify({ logger: false });

  app.get<{ Params: { orgId: string }; Querystring: { limit?: string; cursor?: string; status?: string; priority?: string } }>(
    '/v1/organizations/:orgId/analyses',
    async (request, reply) => {
      const key = request.headers['x-api-key'];
      if (typeof key !== 'string' || key.length === 0) return reply.code(401).send({ code: 'auth.required' });
      const [row] = await sql.unsafe(BARE_SQL.apiKey, [createHash('sha256').update(key).digest('hex'), 1]);
      if (!row) return reply.code(401).send({ code: 'auth.invalid_api_key' });
      const now = new Date();
      if (row.revoked_at) return reply.code(401).send({ code: 'auth.api_key_revoked' });
      if (row.expires_at && (row.expires_at as Date).getTime() <= now.getTime())
        return reply.code(401).send({ code: 'auth.api_key_expired' });
      const lastUsed = row.last_used_at as Date | null;
      if (!lastUsed || now.getTime() - lastUsed.getTime() > LAST_USED_RESOLUTION_MS) {
        await sql.unsafe(BARE_SQL.touchApiKey, [now, row.id, now]);
      }

      const orgId = request.params.orgId.toLowerCase();
      if (!UUID.test(orgId) || row.organization_id !== orgId) return reply.code(404).send({ code: 'organization.not_found' });
      if (!(row.scopes as string[]).includes('analyses:read')) return reply.code(403).send({ code: 'auth.forbidden' });
      const { status, priority } = request.query;
      const limit = request.query.limit === undefined ? 25 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ code: 'validation.failed' });
      if (!status || !STATUSES.has(status) || !priority || !PRIORITIES.has(priority))
        return reply.code(400).send({ code: 'validation.failed' });
      if (request.query.cursor) return reply.code(400).send({ code: 'pagination.unsupported' });

      const rows = (await sql.begin(async (tx) => {
        await tx.unsafe(BARE_SQL.tenant, [orgId]);
        return tx.unsafe(options.listSql, [orgId, status, priority, limit + 1]);
      })) as unknown as Row[];
      const data = rows.slice(0, limit).map(toView);
      let nextCursor: string | null = null;
      if (rows.length > limit) {
        // Like CursorCodec: the position and a fingerprint of the scope and filters, signed.
        const filters = JSON.stringify([
          ['priority', priority],
          ['status', status],
        ]);
        const f = createHash('sha256').update(`analyses:${orgId}`).update(filters).digest('base64url').slice(0, 16);
        const body = Buffer.from(JSON.stringify({ p: data[data.length - 1]!.id, f })).toString('base64url');
        nextCursor = `${body}.${createHmac('sha256', options.cursorKey).update(body).digest('base64url').slice(0, 22)}`;
      }
      return { data, nextCursor };
    },
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    postgres: sql,
    close: async () => {
      await app.close();
      await sql.end({ timeout: 5 });
    },
  };
}
