import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AuditEntry, SealedLink } from '@domain/audit/audit-entry';
import { AuditChainStore, AuditLogWriter } from '@domain/audit/ports/audit-log.port';
import { auditLogSeals, auditLogUnsealed, auditLogs } from './audit.schema';
import { PGBOSS_SCHEMA } from '../../jobs/pg-boss-job-queue';
import { PreparedStatement } from '../database';
import { TransactionContext } from '../transaction-context';

type AuditRow = typeof auditLogs.$inferSelect;

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    organizationId: row.organizationId,
    eventId: row.eventId,
    occurredAt: row.occurredAt,
    actorType: row.actorType as AuditEntry['actorType'],
    actorId: row.actorId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    changes: row.changes,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
  };
}

/**
 * The audit row, its unsealed marker, and whether a seal job for the organization is already
 * waiting: one prepared statement. A job waiting in `created` state is exactly what makes
 * pg-boss drop a send to the onePendingPerKey queue (its unique index job_i1), so the caller can
 * skip the send instead of making it for nothing.
 */
const APPEND = new PreparedStatement<
  | 'organizationId'
  | 'id'
  | 'eventId'
  | 'occurredAt'
  | 'actorType'
  | 'actorId'
  | 'action'
  | 'resourceType'
  | 'resourceId'
  | 'changes'
  | 'ip'
  | 'userAgent'
  | 'requestId'
  | 'sealQueue'
>(
  'audit_append',
  sql`with inserted as (
    insert into ${auditLogs} (organization_id, id, event_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, changes, ip, user_agent, request_id)
    values (${sql.placeholder('organizationId')}::uuid, ${sql.placeholder('id')}::uuid, ${sql.placeholder('eventId')}::uuid, ${sql.placeholder('occurredAt')}::timestamptz,
      ${sql.placeholder('actorType')}::text, ${sql.placeholder('actorId')}::text, ${sql.placeholder('action')}::text, ${sql.placeholder('resourceType')}::text,
      ${sql.placeholder('resourceId')}::text, ${sql.placeholder('changes')}::jsonb, ${sql.placeholder('ip')}::text, ${sql.placeholder('userAgent')}::text,
      ${sql.placeholder('requestId')}::text)
    on conflict (organization_id, event_id, resource_type, resource_id) do nothing
    returning organization_id, id
  ), unsealed as (
    insert into ${auditLogUnsealed} (organization_id, audit_log_id) select organization_id, id from inserted
  )
  select exists (
    select 1 from ${sql.raw(PGBOSS_SCHEMA)}.job
    where name = ${sql.placeholder('sealQueue')}::text and coalesce(singleton_key, '') = ${sql.placeholder('organizationId')}::text
      and state = 'created' and policy = 'short'
  ) as seal_pending`,
);

@Injectable()
export class DrizzleAuditLogWriter extends AuditLogWriter {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async append(entry: AuditEntry, sealQueue: string): Promise<{ sealPending: boolean }> {
    const [row] = await APPEND.rows(this.tx.db, {
      organizationId: entry.organizationId,
      id: entry.id,
      eventId: entry.eventId,
      occurredAt: entry.occurredAt.toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      changes: JSON.stringify(entry.changes),
      ip: entry.ip,
      userAgent: entry.userAgent,
      requestId: entry.requestId,
      sealQueue,
    });
    return { sealPending: row?.seal_pending === true };
  }
}

@Injectable()
export class DrizzleAuditChainStore extends AuditChainStore {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async lockChain(organizationId: string): Promise<void> {
    await this.tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${organizationId}, 7261))`);
  }

  async lastLink(organizationId: string): Promise<{ sequence: number; hash: string } | null> {
    const rows = await this.tx.db
      .select({ sequence: auditLogSeals.sequence, hash: auditLogSeals.hash })
      .from(auditLogSeals)
      .where(eq(auditLogSeals.organizationId, organizationId))
      .orderBy(sql`${auditLogSeals.sequence} desc`)
      .limit(1);
    return rows[0] ?? null;
  }

  async unsealed(organizationId: string, limit: number): Promise<AuditEntry[]> {
    const rows = await this.tx.db
      .select({ log: auditLogs })
      .from(auditLogUnsealed)
      .innerJoin(
        auditLogs,
        and(eq(auditLogs.organizationId, auditLogUnsealed.organizationId), eq(auditLogs.id, auditLogUnsealed.auditLogId)),
      )
      .where(eq(auditLogUnsealed.organizationId, organizationId))
      .orderBy(asc(auditLogUnsealed.auditLogId))
      .limit(limit);
    return rows.map((r) => toAuditEntry(r.log));
  }

  async appendLinks(
    organizationId: string,
    links: { sequence: number; auditLogId: string; previousHash: string; hash: string }[],
  ): Promise<void> {
    if (links.length === 0) return;
    await this.tx.db.insert(auditLogSeals).values(links.map((l) => ({ ...l, organizationId })));
    await this.tx.db.delete(auditLogUnsealed).where(
      and(
        eq(auditLogUnsealed.organizationId, organizationId),
        inArray(
          auditLogUnsealed.auditLogId,
          links.map((l) => l.auditLogId),
        ),
      ),
    );
  }

  async links(organizationId: string, afterSequence: number, limit: number): Promise<SealedLink[]> {
    const rows = await this.tx.db
      .select({ seal: auditLogSeals, log: auditLogs })
      .from(auditLogSeals)
      .leftJoin(auditLogs, and(eq(auditLogs.organizationId, auditLogSeals.organizationId), eq(auditLogs.id, auditLogSeals.auditLogId)))
      .where(and(eq(auditLogSeals.organizationId, organizationId), gt(auditLogSeals.sequence, afterSequence)))
      .orderBy(asc(auditLogSeals.sequence))
      .limit(limit);
    return rows.map((r) => ({
      sequence: r.seal.sequence,
      previousHash: r.seal.previousHash,
      hash: r.seal.hash,
      auditLogId: r.seal.auditLogId,
      entry: r.log ? toAuditEntry(r.log) : null,
    }));
  }

  async countUnsealed(organizationId: string): Promise<number> {
    const [row] = await this.tx.db.select({ n: count() }).from(auditLogUnsealed).where(eq(auditLogUnsealed.organizationId, organizationId));
    return Number(row?.n ?? 0);
  }

  async organizationsWithUnsealed(limit: number): Promise<string[]> {
    const rows = await this.tx.db.selectDistinct({ organizationId: auditLogUnsealed.organizationId }).from(auditLogUnsealed).limit(limit);
    return rows.map((r) => r.organizationId);
  }
}
