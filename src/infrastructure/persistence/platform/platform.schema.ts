import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns';
import { organizations } from '../tenancy/tenancy.schema';

/**
 * Stored answers for `Idempotency-Key` replays (docs/api.md). Keyed by the caller (a user or an
 * API key id), so a key is never shared between callers.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
    /** While a request holds the key: until when. A claim whose holder died is taken over after it. */
    lockedUntil: timestamptz('locked_until'),
    /** Sealed results of the commands the request committed, journaled in their own transactions. */
    results: jsonb('results'),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);
