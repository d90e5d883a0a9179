import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { AuditReadModel, type AuditLogFilter, type AuditLogView } from '../../../domain/audit/ports/audit-read-model.port';
import { toAuditEntry } from '../repositories/drizzle-audit-log.repository';
import { auditLogSeals, auditLogs } from '../schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleAuditReadModel extends AuditReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async list(organizationId: string, f: AuditLogFilter, beforeId: string | null, limit: number): Promise<AuditLogView[]> {
    const rows = await this.tx.db
      .select({ log: auditLogs, sequence: auditLogSeals.sequence, hash: auditLogSeals.hash })
      .from(auditLogs)
      .leftJoin(auditLogSeals, and(eq(auditLogSeals.organizationId, auditLogs.organizationId), eq(auditLogSeals.auditLogId, auditLogs.id)))
      .where(
        and(
          eq(auditLogs.organizationId, organizationId),
          f.actorId ? eq(auditLogs.actorId, f.actorId) : undefined,
          f.action ? eq(auditLogs.action, f.action) : undefined,
          f.resourceType ? eq(auditLogs.resourceType, f.resourceType) : undefined,
          f.resourceId ? eq(auditLogs.resourceId, f.resourceId) : undefined,
          f.from ? gte(auditLogs.occurredAt, f.from) : undefined,
          f.to ? lte(auditLogs.occurredAt, f.to) : undefined,
          beforeId ? lt(auditLogs.id, beforeId) : undefined,
        ),
      )
      .orderBy(desc(auditLogs.id))
      .limit(limit);
    return rows.map((r) => ({ ...toAuditEntry(r.log), sequence: r.sequence, hash: r.hash }));
  }
}
