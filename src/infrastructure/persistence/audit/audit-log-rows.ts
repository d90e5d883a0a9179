import type { AuditEntry } from '@domain/audit/audit-entry';
import { decode } from '../database';
import { auditLogs } from './audit.schema';

/** An audit row as raw SQL returns it (snake_case columns, `a.*` of audit_logs), as an entry. */
export function auditEntryOfRaw(r: Record<string, unknown>): AuditEntry {
  return {
    id: r.id as string,
    organizationId: r.organization_id as string,
    eventId: r.event_id as string,
    occurredAt: decode(auditLogs.occurredAt, r.occurred_at)!,
    actorType: r.actor_type as AuditEntry['actorType'],
    actorId: r.actor_id as string | null,
    action: r.action as string,
    resourceType: r.resource_type as string,
    resourceId: r.resource_id as string,
    changes: decode(auditLogs.changes, r.changes)!,
    ip: r.ip as string | null,
    userAgent: r.user_agent as string | null,
    requestId: r.request_id as string | null,
  };
}
