import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { AuditExportRow } from '@domain/audit/audit-export';
import { AuditExportReadModel } from '@domain/audit/ports/audit-read-model.port';
import { decode, PreparedStatement } from '../database';
import { auditLogSeals, auditLogUnsealed, auditLogs } from './audit.schema';
import { auditEntryOfRaw } from './audit-log-rows';
import { TransactionContext } from '../transaction-context';

const COLUMNS = sql`a.id, a.organization_id, a.event_id, a.occurred_at, a.actor_type, a.actor_id, a.action, a.resource_type, a.resource_id, a.changes, a.ip, a.user_agent, a.request_id`;

/** The first sealed row at or after `from` and the last at or before `to`. */
const RANGE = new PreparedStatement<'organizationId' | 'from' | 'to'>(
  'audit_export_range',
  sql`select
      (select min(s.sequence) from ${auditLogSeals} s join ${auditLogs} a on a.organization_id = s.organization_id and a.id = s.audit_log_id
        where s.organization_id = ${sql.placeholder('organizationId')}::uuid and a.occurred_at >= ${sql.placeholder('from')}::timestamptz) as first,
      (select max(s.sequence) from ${auditLogSeals} s join ${auditLogs} a on a.organization_id = s.organization_id and a.id = s.audit_log_id
        where s.organization_id = ${sql.placeholder('organizationId')}::uuid and a.occurred_at <= ${sql.placeholder('to')}::timestamptz) as last`,
);

/** Sealed links with their rows, by the seals' primary key (organization, sequence). */
const SEALED = new PreparedStatement<'organizationId' | 'afterSequence' | 'untilSequence' | 'limit'>(
  'audit_export_sealed',
  sql`select s.sequence, s.previous_hash, s.hash, ${COLUMNS}
    from ${auditLogSeals} s join ${auditLogs} a on a.organization_id = s.organization_id and a.id = s.audit_log_id
    where s.organization_id = ${sql.placeholder('organizationId')}::uuid and s.sequence > ${sql.placeholder('afterSequence')}::bigint
      and s.sequence <= ${sql.placeholder('untilSequence')}::bigint
    order by s.sequence limit ${sql.placeholder('limit')}::int`,
);

/**
 * The tail: rows without a link at or before the last exported sequence (still in the work
 * list, or sealed while the export ran), in id order.
 */
const UNSEALED = new PreparedStatement<'organizationId' | 'lastSequence' | 'afterId' | 'from' | 'to' | 'limit'>(
  'audit_export_unsealed',
  sql`select null::bigint as sequence, null::text as previous_hash, null::text as hash, ${COLUMNS}
    from ${auditLogs} a
    where a.organization_id = ${sql.placeholder('organizationId')}::uuid and a.id > ${sql.placeholder('afterId')}::uuid
      and a.occurred_at >= ${sql.placeholder('from')}::timestamptz and a.occurred_at <= ${sql.placeholder('to')}::timestamptz
      and a.id in (
        select u.audit_log_id from ${auditLogUnsealed} u where u.organization_id = ${sql.placeholder('organizationId')}::uuid
        union all
        select s.audit_log_id from ${auditLogSeals} s where s.organization_id = ${sql.placeholder('organizationId')}::uuid and s.sequence > ${sql.placeholder('lastSequence')}::bigint
      )
    order by a.id limit ${sql.placeholder('limit')}::int`,
);

const NO_ID = '00000000-0000-0000-0000-000000000000';
const MIN_TIME = '-infinity';
const MAX_TIME = 'infinity';

function toRow(r: Record<string, unknown>): AuditExportRow {
  return {
    sequence: decode(auditLogSeals.sequence, r.sequence),
    previousHash: (r.previous_hash as string | null) ?? null,
    hash: (r.hash as string | null) ?? null,
    ...auditEntryOfRaw(r),
  };
}

@Injectable()
export class DrizzleAuditExportReadModel extends AuditExportReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async sequenceRange(
    organizationId: string,
    from: Date | null,
    to: Date | null,
  ): Promise<{ afterSequence: number; untilSequence: number | null }> {
    if (!from && !to) return { afterSequence: 0, untilSequence: null };
    const [row] = await RANGE.rows(this.tx.db, {
      organizationId,
      from: from?.toISOString() ?? MIN_TIME,
      to: to?.toISOString() ?? MAX_TIME,
    });
    const first = decode(auditLogSeals.sequence, row?.first);
    const last = decode(auditLogSeals.sequence, row?.last);
    // Nothing sealed in the range: an empty sealed part.
    if (first === null || last === null || last < first) return { afterSequence: 0, untilSequence: 0 };
    return { afterSequence: first - 1, untilSequence: to ? last : null };
  }

  async sealedPage(organizationId: string, afterSequence: number, untilSequence: number | null, limit: number): Promise<AuditExportRow[]> {
    const rows = await SEALED.rows(this.tx.db, {
      organizationId,
      afterSequence,
      untilSequence: untilSequence ?? Number.MAX_SAFE_INTEGER,
      limit,
    });
    return rows.map(toRow);
  }

  async unsealedPage(
    organizationId: string,
    lastSequence: number,
    afterId: string | null,
    from: Date | null,
    to: Date | null,
    limit: number,
  ): Promise<AuditExportRow[]> {
    const rows = await UNSEALED.rows(this.tx.db, {
      organizationId,
      lastSequence,
      afterId: afterId ?? NO_ID,
      from: from?.toISOString() ?? MIN_TIME,
      to: to?.toISOString() ?? MAX_TIME,
      limit,
    });
    return rows.map(toRow);
  }
}
