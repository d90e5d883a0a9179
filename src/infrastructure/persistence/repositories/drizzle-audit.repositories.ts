import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AuditEntry, SealedLink } from '../../../domain/audit/audit-entry';
import { AuditChainStore, AuditLogWriter } from '../../../domain/audit/ports/audit-log.port';
import { auditLogSeals, auditLogUnsealed, auditLogs } from '../schema/audit.schema';
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

@Injectable()
export class DrizzleAuditLogWriter extends AuditLogWriter {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async append(entry: AuditEntry): Promise<void> {
    const inserted = await this.tx.db
      .insert(auditLogs)
      .values(entry)
      .onConflictDoNothing({ target: [auditLogs.organizationId, auditLogs.eventId, auditLogs.resourceType, auditLogs.resourceId] })
      .returning({ id: auditLogs.id });
    if (inserted.length > 0) {
      await this.tx.db.insert(auditLogUnsealed).values({ organizationId: entry.organizationId, auditLogId: entry.id });
    }
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
      .innerJoin(auditLogs, and(eq(auditLogs.organizationId, auditLogUnsealed.organizationId), eq(auditLogs.id, auditLogUnsealed.auditLogId)))
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
    const [row] = await this.tx.db
      .select({ n: count() })
      .from(auditLogUnsealed)
      .where(eq(auditLogUnsealed.organizationId, organizationId));
    return Number(row?.n ?? 0);
  }

  async organizationsWithUnsealed(limit: number): Promise<string[]> {
    const rows = await this.tx.db
      .selectDistinct({ organizationId: auditLogUnsealed.organizationId })
      .from(auditLogUnsealed)
      .limit(limit);
    return rows.map((r) => r.organizationId);
  }
}
