import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns';
import { organizationIdColumn } from '../tenancy/tenancy.schema';
import type { AuditChanges } from '@domain/audit/audit-entry';

/** Append-only: triggers refuse UPDATE and DELETE (see the hand-written migration). */
export const auditLogs = pgTable(
  'audit_logs',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id').notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    changes: jsonb('changes').$type<AuditChanges>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
  },
  (t) => [
    uniqueIndex('audit_logs_event_key').on(t.organizationId, t.eventId, t.resourceType, t.resourceId),
    index('audit_logs_org_id_idx').on(t.organizationId, t.id),
    index('audit_logs_org_resource_idx').on(t.organizationId, t.resourceType, t.resourceId, t.id),
    index('audit_logs_org_action_idx').on(t.organizationId, t.action, t.id),
    index('audit_logs_org_actor_idx').on(t.organizationId, t.actorId, t.id),
  ],
);

/**
 * The hash chain, one link per audit row, appended by the sealing job in commit order.
 * Kept apart from audit_logs so both tables stay insert-only.
 */
export const auditLogSeals = pgTable(
  'audit_log_seals',
  {
    organizationId: organizationIdColumn(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    auditLogId: uuid('audit_log_id').notNull(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
    sealedAt: timestamptz('sealed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.sequence] }), uniqueIndex('audit_log_seals_log_key').on(t.auditLogId)],
);

/** Rows written but not yet sealed: the sealer's work list, so it never scans the whole log. */
export const auditLogUnsealed = pgTable(
  'audit_log_unsealed',
  {
    organizationId: organizationIdColumn(),
    auditLogId: uuid('audit_log_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.auditLogId] })],
);

/**
 * Per-subject keys for the personal data inside audit rows (crypto-shredding). A row never holds
 * a phone number, an email address, a person's IP or free text in clear: it holds that value
 * sealed under its subject's key. Erasure destroys the key (`sealed_key` null, `shredded_at` set);
 * the rows and their hashes stay as they were, so the chain still verifies and the values read
 * as `[erased]`. Mutable on purpose, unlike audit_logs.
 */
export const auditSubjectKeys = pgTable(
  'audit_subject_keys',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    /** A keyed fingerprint of the subject (`phone:+15551234567`), never the subject itself. */
    subjectRef: text('subject_ref').notNull(),
    /** The data key, sealed with the application's encryption key; null once shredded. */
    sealedKey: text('sealed_key'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    shreddedAt: timestamptz('shredded_at'),
  },
  (t) => [
    uniqueIndex('audit_subject_keys_live_key')
      .on(t.organizationId, t.subjectRef)
      .where(sql`${t.shreddedAt} is null`),
    index('audit_subject_keys_org_ref_idx').on(t.organizationId, t.subjectRef),
  ],
);
