import { createDecipheriv, hkdfSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
// The urlencoded parser @nestjs/platform-fastify registers for our service (a dependency of it).
import { parse as parseQuerystring } from 'fast-querystring';
import postgres from 'postgres';
import twilio from 'twilio';
import { v7 as uuidv7 } from 'uuid';
import { connectWithoutNagle, type Database } from '@infrastructure/persistence/database';
import { applyStatus, INSERT_JOB, iso, LIVE_EVENTS_CHANNEL, SEAL_DELAY_MS, SEAL_QUEUE, STATUSES, toDate, type Leg } from './telephony-bare';

/**
 * The lean baseline of POST /webhooks/twilio/status: what a careful engineer would write by hand
 * with Fastify, postgres.js and the twilio library, doing the same work as ours and nothing else:
 *
 *   1. the owner of the leg and its workspace's sealed signing token(s), one select, no transaction;
 *      AES-256-GCM open of the token(s) and twilio.validateRequest (same checks as ours: the
 *      AccountSid must be the workspace's, a previous token only until it expires);
 *   2. in one transaction: the leg `for update` (the status rules need its state: sequence,
 *      terminal, answered-at), then ONE statement that updates the leg (and, when it ends, its
 *      participants' left_at), inserts the audit row and its audit_log_unsealed row, says whether
 *      a seal job is already waiting for the organization, and sends the live-event pg_notify;
 *   3. only when no seal job is waiting: pg-boss' own insert of one (the queue is onePendingPerKey,
 *      so this is what our send would do), in the same transaction.
 *
 * Not done here, on purpose and noted in the report: row-level security (it runs as the owner
 * role, every statement scoped by organization_id, where ours switches to app_tenant); unknown
 * legs, parent legs and agents (the benchmark never sends them). Every statement is prepared.
 */
export const LEAN_SQL = {
  owner:
    'select c.organization_id, c.workspace_id, c.id, a.account_sid, a.auth_token_sealed, a.previous_auth_token_sealed, a.previous_auth_token_expires_at ' +
    'from calls c left join twilio_accounts a on a.workspace_id = c.workspace_id where c.call_sid = $1',
  leg:
    'select id, status, last_sequence, started_at, answered_at, answered_at_derived, ended_at, duration_seconds, answered_by_user_id ' +
    'from calls where organization_id = $1 and call_sid = $2 for update',
  apply:
    'with leg as (update calls set status = $3, last_sequence = $4, started_at = $5, answered_at = $6, answered_at_derived = $7, ended_at = $8, ' +
    'duration_seconds = $9, updated_at = now() where organization_id = $1 and id = $2 returning id), ' +
    'left_call as (update call_participants set left_at = $8 where $10::boolean and organization_id = $1 and call_id = $2 and left_at is null), ' +
    'audit as (insert into audit_logs (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id) ' +
    "values ($1, $11, $12, $13, 'system', 'twilio', $14, 'call', $2, $15, $16, $17, $18) " +
    'on conflict (organization_id, event_id, resource_type, resource_id) do nothing returning organization_id, id), ' +
    'unsealed as (insert into audit_log_unsealed (organization_id, audit_log_id) select organization_id, id from audit) ' +
    "select exists (select 1 from pgboss.job where name = $19 and singleton_key = $1::text and state = 'created') as seal_pending, " +
    'pg_notify($20, $21) is null as notified',
} as const;

type Row = Record<string, unknown>;
type Query = (text: string, values: unknown[]) => Promise<Row[]>;

export interface LeanStatusOptions {
  database: Database | null;
  postgresUrl: string | null;
  poolSize: number;
  encryptionKey: Buffer;
  publicBaseUrl: string;
}

export interface LeanStatusServer {
  port: number;
  postgres: postgres.Sql | null;
  close(): Promise<void>;
}

export async function startLeanStatusServer(options: LeanStatusOptions): Promise<LeanStatusServer> {
  const sql = options.postgresUrl
    ? postgres(options.postgresUrl, {
        ...({ socket: connectWithoutNagle } as object),
        max: options.poolSize,
        prepare: true,
        onnotice: () => undefined,
        connection: { application_name: 'switchboard-bench-lean' },
      })
    : null;
  const pglite = sql ? null : options.database!.pglite!;
  const query: Query = sql
    ? async (text, values) => (await sql.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as Row[]
    : async (text, values) => (await pglite!.query<Row>(text, values)).rows;
  const transaction = <T>(work: (q: Query) => Promise<T>): Promise<T> =>
    sql
      ? (sql.begin((tx) =>
          work(
            async (text, values) =>
              (await tx.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as Row[],
          ),
        ) as Promise<T>)
      : pglite!.transaction((tx) => work(async (text, values) => (await tx.query<Row>(text, values)).rows));

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

    const [owner] = await query(LEAN_SQL.owner, [p.CallSid]);
    if (!owner || owner.account_sid !== p.AccountSid) return forbidden();
    const organizationId = String(owner.organization_id);
    const context = `twilio:${String(owner.workspace_id)}:authToken`;
    const sealed = [String(owner.auth_token_sealed)];
    const previousUntil = toDate(owner.previous_auth_token_expires_at);
    if (owner.previous_auth_token_sealed && previousUntil && previousUntil.getTime() > Date.now())
      sealed.push(String(owner.previous_auth_token_sealed));
    const url = `${options.publicBaseUrl}${request.url}`;
    if (!sealed.some((s) => twilio.validateRequest(open(s, context), signature, url, p))) return forbidden();

    const statusText = p.CallStatus?.trim().toLowerCase().replace(/-/g, '_');
    if (!statusText || !STATUSES.includes(statusText)) return reply.code(204).send();
    const sequence = p.SequenceNumber !== undefined && /^\d+$/.test(p.SequenceNumber) ? Number(p.SequenceNumber) : null;
    const reported = p.Timestamp ? new Date(p.Timestamp) : new Date();
    const at = Number.isNaN(reported.getTime()) ? new Date() : reported;
    const durationSeconds = p.CallDuration !== undefined && /^\d+$/.test(p.CallDuration) ? Number(p.CallDuration) : null;
    const ua = request.headers['user-agent'];

    await transaction(async (q) => {
      const [row] = await q(LEAN_SQL.leg, [organizationId, p.CallSid]);
      if (!row) return;
      const leg: Leg = {
        row,
        status: String(row.status),
        lastSequence: Number(row.last_sequence),
        startedAt: toDate(row.started_at),
        answeredAt: toDate(row.answered_at),
        answeredAtDerived: row.answered_at_derived === true,
        endedAt: toDate(row.ended_at),
        durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
        participants: [],
      };
      const wasTerminal = leg.endedAt !== null;
      const event = applyStatus(leg, { status: statusText, sequence, at, durationSeconds });
      if (!event) return;
      const eventId = uuidv7();
      const notification = JSON.stringify({ eventId, type: event.type, organizationId, resourceType: 'call', resourceId: row.id });
      const [result] = await q(LEAN_SQL.apply, [
        organizationId,
        row.id,
        leg.status,
        leg.lastSequence,
        iso(leg.startedAt),
        iso(leg.answeredAt),
        leg.answeredAtDerived,
        iso(leg.endedAt),
        leg.durationSeconds,
        !wasTerminal && leg.endedAt !== null,
        uuidv7(),
        eventId,
        new Date().toISOString(),
        event.type,
        event.changes,
        request.ip ?? null,
        (Array.isArray(ua) ? ua[0] : ua)?.slice(0, 512) ?? null,
        String(request.id),
        SEAL_QUEUE,
        LIVE_EVENTS_CHANNEL,
        notification,
      ]);
      if (result?.seal_pending !== true) {
        const startAfter = new Date(Date.now() + SEAL_DELAY_MS).toISOString();
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
      }
    });
    return reply.code(204).send();
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    postgres: sql,
    close: async () => {
      await app.close();
      await sql?.end({ timeout: 5 });
    },
  };
}
