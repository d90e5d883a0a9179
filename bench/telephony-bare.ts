import { createDecipheriv, hkdfSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
// The urlencoded parser @nestjs/platform-fastify registers for our service (a dependency of it).
import { parse as parseQuerystring } from 'fast-querystring';
import postgres from 'postgres';
import twilio from 'twilio';
import { v7 as uuidv7 } from 'uuid';
import { connectWithoutNagle, type Database } from '@infrastructure/persistence/database';

/**
 * POST /webhooks/twilio/status with nothing but Fastify, the driver, node:crypto and the twilio
 * library's validateRequest, sending the statements our service sends for one status callback, in
 * the same order and the same transactions (logged from our service through postgres.js' `debug`
 * hook; bench/telephony.ts compares both servers' statements at start-up and prints any difference):
 *
 *   1. TwilioWebhookAuthenticator.callback -> DrizzleTelephonyDirectory.ownerOfCall, in a platform
 *      transaction (begin; select; commit), which also reads the workspace's sealed token(s), then
 *      AES-256-GCM open of them and twilio.validateRequest;
 *   2. ApplyCallStatusCommand in a tenant transaction: the leg for update, its participants, the
 *      agent named by `To=client:...`, the call upsert, one upsert per participant, then the
 *      published event: the audit row (returning), its audit_log_unsealed row, the seal job
 *      (pg-boss' insert, the text executeRaw makes of it), and pg_notify.
 */
export const STATUS_SQL = {
  ownerOfCall:
    'select "calls"."organization_id", "calls"."workspace_id", "calls"."id", "twilio_accounts"."account_sid", "twilio_accounts"."auth_token_sealed", ' +
    '"twilio_accounts"."previous_auth_token_sealed", "twilio_accounts"."previous_auth_token_expires_at" from "calls" ' +
    'left join "twilio_accounts" on "twilio_accounts"."workspace_id" = "calls"."workspace_id" where "calls"."call_sid" = $1',
  tenant: "select set_config('role', 'app_tenant', true), set_config('app.organization_id', $1, true)",
  callForUpdate:
    'select "organization_id", "id", "workspace_id", "call_sid", "parent_call_sid", "direction", "from_number", "to_number", "status", ' +
    '"last_sequence", "started_at", "answered_at", "answered_at_derived", "ended_at", "duration_seconds", "answered_by_user_id", ' +
    '"phone_number_id", "agent_user_id", "stir_verstat", "created_at", "updated_at" from "calls" ' +
    'where ("calls"."organization_id" = $1 and "calls"."call_sid" = $2) for update',
  participants:
    'select "organization_id", "id", "call_id", "kind", "role", "user_id", "address", "call_sid", "joined_at", "left_at" from "call_participants" ' +
    'where ("call_participants"."organization_id" = $1 and "call_participants"."call_id" = $2) order by "call_participants"."id" asc',
  agentByIdentity:
    'select "organization_id", "workspace_id", "user_id", "identity", "availability", "created_at", "updated_at" from "agents" ' +
    'where ("agents"."organization_id" = $1 and "agents"."workspace_id" = $2 and "agents"."identity" = $3)',
  upsertCall:
    'insert into "calls" ("organization_id", "id", "workspace_id", "call_sid", "parent_call_sid", "direction", "from_number", "to_number", ' +
    '"status", "last_sequence", "started_at", "answered_at", "answered_at_derived", "ended_at", "duration_seconds", "answered_by_user_id", ' +
    '"phone_number_id", "agent_user_id", "stir_verstat", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ' +
    '$12, $13, $14, $15, $16, $17, $18, $19, $20, default) on conflict ("id") do update set "workspace_id" = $21, "parent_call_sid" = $22, ' +
    '"direction" = $23, "from_number" = $24, "to_number" = $25, "status" = $26, "last_sequence" = $27, "started_at" = $28, "answered_at" = $29, ' +
    '"answered_at_derived" = $30, "ended_at" = $31, "duration_seconds" = $32, "answered_by_user_id" = $33, "phone_number_id" = $34, ' +
    '"agent_user_id" = $35, "stir_verstat" = $36, "updated_at" = $37',
  upsertParticipant:
    'insert into "call_participants" ("organization_id", "id", "call_id", "kind", "role", "user_id", "address", "call_sid", "joined_at", "left_at") ' +
    'values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict ("id") do update set "joined_at" = $11, "left_at" = $12',
  insertAudit:
    'insert into "audit_logs" ("organization_id", "id", "event_id", "occurred_at", "actor_type", "actor_id", "action", "resource_type", ' +
    '"resource_id", "changes", "ip", "user_agent", "request_id") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ' +
    'on conflict ("organization_id","event_id","resource_type","resource_id") do nothing returning "id"',
  insertUnsealed: 'insert into "audit_log_unsealed" ("organization_id", "audit_log_id") values ($1, $2)',
  notify: 'select pg_notify($1, n) from unnest($2::text[]) as n',
} as const;

// pg-boss' own job insert (the version installed), as our service sends it inside the transaction.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PG_BOSS_INSERT_JOB: string = (require('pg-boss/src/plans') as { insertJob(schema: string): string }).insertJob('pgboss');

/**
 * What executeRaw (src/infrastructure/persistence/database.ts) does to a `$n` statement: every
 * occurrence becomes its own parameter, numbered in order (drizzle's sql.raw + params).
 */
function expandPlaceholders(text: string): { text: string; from: number[] } {
  const from: number[] = [];
  const expanded = text.replace(/\$(\d+)/g, (_m, n: string) => {
    from.push(Number(n) - 1);
    return `$${from.length}`;
  });
  return { text: expanded, from };
}
export const INSERT_JOB = expandPlaceholders(PG_BOSS_INSERT_JOB);
export const SEAL_QUEUE = 'audit.seal-chain';
export const SEAL_DELAY_MS = 1000;
export const LIVE_EVENTS_CHANNEL = 'switchboard_events';

type Row = Record<string, unknown>;
type Query = (text: string, values: unknown[]) => Promise<Row[]>;

interface Driver {
  /** One transaction (begin ... commit), its statements run through `q`. */
  transaction<T>(work: (q: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function postgresDriver(sql: postgres.Sql): Driver {
  return {
    transaction: (work) =>
      sql.begin((tx) =>
        work(async (text, values) => (await tx.unsafe(text, values as postgres.ParameterOrJSON<never>[])) as unknown as Row[]),
      ) as Promise<never>,
    close: () => sql.end({ timeout: 5 }),
  };
}

function pgliteDriver(database: Database): Driver {
  const pglite = database.pglite!;
  return {
    transaction: (work) => pglite.transaction((tx) => work(async (text, values) => (await tx.query<Row>(text, values)).rows)),
    close: async () => undefined,
  };
}

export const STATUSES = ['queued', 'initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled'];
export const TERMINAL = new Set(['completed', 'busy', 'no_answer', 'failed', 'canceled']);
const CLIENT = /^client:(.+)$/;
const DIGITS = /^\d+$/;

export const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface Leg {
  row: Row;
  status: string;
  lastSequence: number;
  startedAt: Date | null;
  answeredAt: Date | null;
  answeredAtDerived: boolean;
  endedAt: Date | null;
  durationSeconds: number | null;
  participants: Row[];
}

/** Call.applyStatus, in plain code: the same decisions, the same event and before/after. */
export function applyStatus(leg: Leg, report: { status: string; sequence: number | null; at: Date; durationSeconds: number | null }) {
  const before = { status: leg.status, answeredAt: iso(leg.answeredAt), startedAt: iso(leg.startedAt), endedAt: iso(leg.endedAt) };
  const answered = () => (leg.answeredAt !== null && !leg.answeredAtDerived) || leg.row.answered_by_user_id !== null;
  const wasAnswered = answered();
  let changed = false;
  if (report.status === 'in_progress' && (leg.answeredAt === null || leg.answeredAtDerived || report.at < leg.answeredAt)) {
    leg.answeredAt = report.at;
    leg.answeredAtDerived = false;
    changed = true;
  }
  if (
    (report.status === 'queued' || report.status === 'initiated' || report.status === 'ringing') &&
    leg.startedAt &&
    report.at < leg.startedAt
  ) {
    leg.startedAt = report.at;
    changed = true;
  }
  const newer = report.sequence === null ? !TERMINAL.has(leg.status) : report.sequence > leg.lastSequence;
  if (newer && !TERMINAL.has(leg.status)) {
    if (report.sequence !== null) leg.lastSequence = report.sequence;
    if (report.status !== leg.status) {
      leg.status = report.status;
      changed = true;
    }
    if (TERMINAL.has(report.status)) {
      leg.endedAt = report.at;
      leg.durationSeconds = report.durationSeconds;
      if (leg.answeredAt === null && report.status === 'completed' && report.durationSeconds && report.durationSeconds > 0) {
        leg.answeredAt = new Date(report.at.getTime() - report.durationSeconds * 1000);
        leg.answeredAtDerived = true;
      }
      for (const p of leg.participants) p.left_at ??= report.at;
      changed = true;
    }
  }
  if (!changed) return null;
  const after = { status: leg.status, answeredAt: iso(leg.answeredAt), startedAt: iso(leg.startedAt), endedAt: iso(leg.endedAt) };
  const type =
    before.status !== leg.status && TERMINAL.has(leg.status)
      ? leg.status === 'completed'
        ? 'call.completed'
        : 'call.failed'
      : !wasAnswered && answered()
        ? 'call.answered'
        : 'call.status_changed';
  return { type, changes: { before, after } };
}

export interface BareStatusOptions {
  /** The embedded database to share, or null for PostgreSQL at `postgresUrl`. */
  database: Database | null;
  postgresUrl: string | null;
  poolSize: number;
  prepare: boolean;
  /** The service's ENCRYPTION_KEY: the baseline opens the same sealed tokens. */
  encryptionKey: Buffer;
  publicBaseUrl: string;
  /**
   * false (default): the statements and transactions our service sends. true: the same statements
   * in one transaction (no begin/commit/set_config of the two lookup transactions), to measure
   * what merging them would be worth.
   */
  lean: boolean;
}

export interface BareStatusServer {
  port: number;
  /** The baseline's own postgres.js pool (PostgreSQL only), for tracing its statements. */
  postgres: postgres.Sql | null;
  close(): Promise<void>;
}

export async function startBareStatusServer(options: BareStatusOptions): Promise<BareStatusServer> {
  const sql = options.postgresUrl
    ? postgres(options.postgresUrl, {
        // The same sockets as ours (no Nagle's algorithm).
        ...({ socket: connectWithoutNagle } as object),
        max: options.poolSize,
        prepare: options.prepare,
        onnotice: () => undefined,
        connection: { application_name: 'switchboard-bench-bare' },
      })
    : null;
  const driver = sql ? postgresDriver(sql) : pgliteDriver(options.database!);
  // AesGcmSecretBox derives its key once, the same way.
  const key = Buffer.from(hkdfSync('sha256', options.encryptionKey, 'switchboard', 'secret-box/aes-256-gcm', 32));
  const open = (sealed: string, context: string): string => {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || ciphertext === undefined || !tag) throw new Error('Sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  };

  const app = Fastify({ logger: false, trustProxy: true, genReqId: () => randomUUID() });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, parseQuerystring((body as Buffer).toString())),
  );

  app.post('/webhooks/twilio/status', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string') p[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') p[k] = v[0];
    }
    const signature = request.headers['x-twilio-signature'];
    const forbidden = () => reply.code(403).send({ code: 'webhook.invalid_signature' });
    if (typeof signature !== 'string' || !signature || !p.AccountSid || !p.CallSid) return forbidden();
    const url = `${options.publicBaseUrl}${request.url}`;

    // The lean variant runs the lookups inside the write transaction instead of two transactions of their own.
    const answer = options.lean ? await driver.transaction((q) => handle(q)) : await handle(null);
    return answer === 'forbidden' ? forbidden() : reply.code(204).send();

    async function handle(shared: Query | null): Promise<'forbidden' | 'done'> {
      const inTransaction = <T>(work: (q: Query) => Promise<T>): Promise<T> => (shared ? work(shared) : driver.transaction(work));
      const [owner] = await inTransaction((q) => q(STATUS_SQL.ownerOfCall, [p.CallSid]));
      // (Unknown legs, parents and other accounts are not exercised by the benchmark.)
      if (!owner || owner.account_sid !== p.AccountSid) return 'forbidden';
      const organizationId = String(owner.organization_id);
      const workspaceId = String(owner.workspace_id);

      const account = owner;
      const context = `twilio:${workspaceId}:authToken`;
      const sealed = [String(account.auth_token_sealed)];
      const previousUntil = toDate(account.previous_auth_token_expires_at);
      if (account.previous_auth_token_sealed && previousUntil && previousUntil.getTime() > Date.now())
        sealed.push(String(account.previous_auth_token_sealed));
      const tokens = sealed.map((s) => open(s, context));
      if (!tokens.some((token) => twilio.validateRequest(token, signature as string, url, p))) return 'forbidden';

      const statusText = p.CallStatus?.trim().toLowerCase().replace(/-/g, '_');
      if (!statusText || !STATUSES.includes(statusText)) return 'done';
      const sequence = p.SequenceNumber !== undefined && DIGITS.test(p.SequenceNumber) ? Number(p.SequenceNumber) : null;
      const reported = p.Timestamp ? new Date(p.Timestamp) : new Date();
      const at = Number.isNaN(reported.getTime()) ? new Date() : reported;
      const durationSeconds = p.CallDuration !== undefined && DIGITS.test(p.CallDuration) ? Number(p.CallDuration) : null;
      const ua = request.headers['user-agent'];
      const origin = {
        ip: request.ip ?? null,
        userAgent: (Array.isArray(ua) ? ua[0] : ua)?.slice(0, 512) ?? null,
        requestId: String(request.id),
      };

      await inTransaction(async (q) => {
        if (!shared) await q(STATUS_SQL.tenant, [organizationId]);
        const [row] = await q(STATUS_SQL.callForUpdate, [organizationId, p.CallSid]);
        if (!row) return;
        const participants = await q(STATUS_SQL.participants, [organizationId, row.id]);
        const identity = CLIENT.exec(p.To ?? '')?.[1] ?? null;
        if (identity) await q(STATUS_SQL.agentByIdentity, [organizationId, workspaceId, identity]);
        const leg: Leg = {
          row,
          status: String(row.status),
          lastSequence: Number(row.last_sequence),
          startedAt: toDate(row.started_at),
          answeredAt: toDate(row.answered_at),
          answeredAtDerived: row.answered_at_derived === true,
          endedAt: toDate(row.ended_at),
          durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
          participants: participants.map((x) => ({ ...x, joined_at: toDate(x.joined_at), left_at: toDate(x.left_at) })),
        };
        const event = applyStatus(leg, { status: statusText, sequence, at, durationSeconds });
        // A duplicate or stale callback writes nothing, like ours (ApplyCallStatusHandler).
        if (!event) return;
        const changes = [
          row.workspace_id,
          row.parent_call_sid,
          row.direction,
          row.from_number,
          row.to_number,
          leg.status,
          leg.lastSequence,
          iso(leg.startedAt),
          iso(leg.answeredAt),
          leg.answeredAtDerived,
          iso(leg.endedAt),
          leg.durationSeconds,
          row.answered_by_user_id,
          row.phone_number_id,
          row.agent_user_id,
          row.stir_verstat,
        ];
        await q(STATUS_SQL.upsertCall, [
          organizationId,
          row.id,
          row.workspace_id,
          row.call_sid,
          ...changes.slice(1, 16),
          iso(toDate(row.created_at)),
          ...changes,
          new Date().toISOString(),
        ]);
        for (const x of leg.participants) {
          const joined = iso(x.joined_at as Date | null);
          const left = iso(x.left_at as Date | null);
          await q(STATUS_SQL.upsertParticipant, [
            organizationId,
            x.id,
            row.id,
            x.kind,
            x.role,
            x.user_id,
            x.address,
            x.call_sid,
            joined,
            left,
            joined,
            left,
          ]);
        }

        const eventId = uuidv7();
        const occurredAt = new Date().toISOString();
        const auditId = uuidv7();
        const inserted = await q(STATUS_SQL.insertAudit, [
          organizationId,
          auditId,
          eventId,
          occurredAt,
          'system',
          'twilio',
          event.type,
          'call',
          row.id,
          // jsonb: postgres.js and PGlite serialize the object (our drizzle client sends the JSON text it made).
          event.changes,
          origin.ip,
          origin.userAgent,
          origin.requestId,
        ]);
        if (inserted.length > 0) await q(STATUS_SQL.insertUnsealed, [organizationId, auditId]);
        const startAfter = new Date(Date.now() + SEAL_DELAY_MS).toISOString();
        // pg-boss' parameters for send(queue, data, { singletonKey, startAfter }) on our queue.
        const job = [
          null,
          SEAL_QUEUE,
          { organizationId },
          0,
          startAfter,
          organizationId,
          null,
          0,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
        ];
        await q(
          INSERT_JOB.text,
          INSERT_JOB.from.map((i) => job[i]),
        );
        const notification = JSON.stringify({ eventId, type: event.type, organizationId, resourceType: 'call', resourceId: row.id });
        await q(STATUS_SQL.notify, [LIVE_EVENTS_CHANNEL, [notification]]);
      });
      return 'done';
    }
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    postgres: sql,
    close: async () => {
      await app.close();
      await driver.close();
    },
  };
}
