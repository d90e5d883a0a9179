import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import { organizationIdColumn } from '../tenancy/tenancy.schema';

/**
 * An organization's export written as a file into storage by a job, for organizations too large
 * to stream in one request. The archive is deleted on the retention schedule and by erasure.
 */
export const organizationExports = pgTable(
  'organization_exports',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    status: text('status').notNull(),
    requestedByType: text('requested_by_type').notNull(),
    requestedById: text('requested_by_id'),
    storageBackend: text('storage_backend'),
    objectKey: text('object_key'),
    rows: bigint('rows', { mode: 'number' }),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    failureReason: text('failure_reason'),
    completedAt: timestamptz('completed_at'),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps(),
  },
  (t) => [index('organization_exports_org_id_idx').on(t.organizationId, t.id)],
);
