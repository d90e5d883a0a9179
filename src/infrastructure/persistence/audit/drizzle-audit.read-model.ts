import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { AuditReadModel, type AuditLogFilter, type AuditLogView } from '@domain/audit/ports/audit-read-model.port';
import { decode, PreparedStatement } from '../database';
import { auditLogSeals, auditLogs } from './audit.schema';
import { auditEntryOfRaw } from './audit-log-rows';
import { TransactionContext } from '../transaction-context';

/** The optional conditions of a list, in the order they appear in the query. */
const CONDITIONS = {
  actorId: () => eq(auditLogs.actorId, sql.placeholder('actorId')),
  action: () => eq(auditLogs.action, sql.placeholder('action')),
  resourceType: () => eq(auditLogs.resourceType, sql.placeholder('resourceType')),
  resourceId: () => eq(auditLogs.resourceId, sql.placeholder('resourceId')),
  from: () => gte(auditLogs.occurredAt, sql.placeholder('from')),
  to: () => lte(auditLogs.occurredAt, sql.placeholder('to')),
  beforeId: () => lt(auditLogs.id, sql.placeholder('beforeId')),
};
type Condition = keyof typeof CONDITIONS;
type Placeholder = Condition | 'organizationId' | 'limit';
const CONDITION_NAMES = Object.keys(CONDITIONS) as Condition[];

/** The list query with the given conditions; flat columns, so each row maps to a view in one pass. */
export function auditListStatement(present: readonly Condition[]): PreparedStatement<Placeholder> {
  const name = ['audit_list', ...present].join('_');
  const query = new QueryBuilder()
    .select({
      organizationId: auditLogs.organizationId,
      id: auditLogs.id,
      eventId: auditLogs.eventId,
      occurredAt: auditLogs.occurredAt,
      actorType: auditLogs.actorType,
      actorId: auditLogs.actorId,
      action: auditLogs.action,
      resourceType: auditLogs.resourceType,
      resourceId: auditLogs.resourceId,
      changes: auditLogs.changes,
      ip: auditLogs.ip,
      userAgent: auditLogs.userAgent,
      requestId: auditLogs.requestId,
      sequence: auditLogSeals.sequence,
      hash: auditLogSeals.hash,
    })
    .from(auditLogs)
    .leftJoin(auditLogSeals, and(eq(auditLogSeals.organizationId, auditLogs.organizationId), eq(auditLogSeals.auditLogId, auditLogs.id)))
    .where(and(eq(auditLogs.organizationId, sql.placeholder('organizationId')), ...present.map((c) => CONDITIONS[c]())))
    .orderBy(desc(auditLogs.id))
    .limit(sql.placeholder('limit'));
  return new PreparedStatement(name, query);
}

function toView(r: Record<string, unknown>): AuditLogView {
  return {
    ...auditEntryOfRaw(r),
    sequence: decode(auditLogSeals.sequence, r.sequence),
    hash: r.hash as string | null,
  };
}

@Injectable()
export class DrizzleAuditReadModel extends AuditReadModel {
  /** One statement per combination of conditions, rendered on first use (keyed by a bit per condition). */
  private readonly statements = new Map<number, PreparedStatement<Placeholder>>();

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async list(organizationId: string, f: AuditLogFilter, beforeId: string | null, limit: number): Promise<AuditLogView[]> {
    const values: Partial<Record<Placeholder, unknown>> = {
      organizationId,
      limit,
      actorId: f.actorId || undefined,
      action: f.action || undefined,
      resourceType: f.resourceType || undefined,
      resourceId: f.resourceId || undefined,
      // Dates go as ISO strings: a placeholder has no column to encode them with.
      from: f.from?.toISOString(),
      to: f.to?.toISOString(),
      beforeId: beforeId || undefined,
    };
    let key = 0;
    for (let bit = 0; bit < CONDITION_NAMES.length; bit++) if (values[CONDITION_NAMES[bit]!] !== undefined) key |= 1 << bit;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = auditListStatement(CONDITION_NAMES.filter((c) => values[c] !== undefined));
      this.statements.set(key, statement);
    }
    const rows = await statement.rows(this.tx.db, values as Record<Placeholder, unknown>);
    return rows.map(toView);
  }
}
