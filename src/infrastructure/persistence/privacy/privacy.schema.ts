import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import { organizationIdColumn } from '../tenancy/tenancy.schema';

/**
 * A request to erase one person's data from an organization: by phone number or by user. The
 * clear subject is kept only while the erasure runs (it is what is searched for); at the end only
 * its masked form and keyed fingerprint remain. `progress` holds what was found and which steps
 * are done, so a crashed erasure resumes where it stopped.
 */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    subjectType: text('subject_type').notNull(),
    subject: text('subject'),
    subjectMasked: text('subject_masked').notNull(),
    subjectFingerprint: text('subject_fingerprint').notNull(),
    status: text('status').notNull(),
    requestedByType: text('requested_by_type').notNull(),
    requestedById: text('requested_by_id'),
    progress: jsonb('progress').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    completedAt: timestamptz('completed_at'),
    ...timestamps(),
  },
  (t) => [index('erasure_requests_org_id_idx').on(t.organizationId, t.id)],
);

/**
 * One row per copy of personal data that an erasure or the retention policy dealt with: where it
 * was, what was done (deleted, redacted, shredded, kept) and why. An erasure's receipt is its rows.
 */
export const dataDeletionReceipts = pgTable(
  'data_deletion_receipts',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    cause: text('cause').notNull(),
    erasureRequestId: uuid('erasure_request_id'),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    location: text('location').notNull(),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    /** Makes a retried step write its receipt once: cause, request, resource and location. */
    dedupeKey: text('dedupe_key').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('data_deletion_receipts_dedupe_key').on(t.organizationId, t.dedupeKey),
    index('data_deletion_receipts_request_idx')
      .on(t.organizationId, t.erasureRequestId, t.id)
      .where(sql`${t.erasureRequestId} is not null`),
    index('data_deletion_receipts_org_at_idx').on(t.organizationId, t.at),
  ],
);
