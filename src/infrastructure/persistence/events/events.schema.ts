import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns';
import { organizationIdColumn } from '../tenancy/tenancy.schema';

/**
 * Every committed domain event, kept `LIVE_EVENT_RETENTION_HOURS` for the live stream's replay
 * (`Last-Event-ID`). `position` is the stream id: assigned under a per-organization lock held to
 * commit, so within an organization positions become visible in order (see the store adapter).
 */
export const liveEvents = pgTable(
  'live_events',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    organizationId: organizationIdColumn({ onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    type: text('type').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    /** The workspace the event names, when it names one (calls, recordings, telephony configuration). */
    workspaceId: uuid('workspace_id'),
    occurredAt: timestamptz('occurred_at').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('live_events_event_key').on(t.organizationId, t.eventId),
    index('live_events_org_position_idx').on(t.organizationId, t.position),
    index('live_events_recorded_at_idx').on(t.recordedAt),
  ],
);

/** A customer's receiver of signed deliveries. Secrets are sealed (SecretBox), never stored in clear. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    organizationId: organizationIdColumn({ onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** Event type patterns (`call.*`, `analysis.needs_review`); empty means every event. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    enabled: boolean('enabled').notNull(),
    disabledReason: text('disabled_reason'),
    secretSealed: text('secret_sealed').notNull(),
    /** The secret a rotation replaced: deliveries are signed with both until it expires. */
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: timestamptz('previous_secret_expires_at'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.organizationId, t.id)],
);

/** One event to one endpoint: its body fixed when enqueued, its attempts and last answer. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    organizationId: organizationIdColumn({ onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    responseStatus: integer('response_status'),
    responseTimeMs: integer('response_time_ms'),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull(),
    lastAttemptAt: timestamptz('last_attempt_at'),
    nextAttemptAt: timestamptz('next_attempt_at'),
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.organizationId, t.endpointId, t.id),
  ],
);

/** Each user's own list of what concerns them (an analysis assigned to them, an escalation, a failure for admins). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    organizationId: organizationIdColumn({ onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    /** What happened, as a stable code: `analysis.assigned`, `analysis.escalated`, `recording.import_failed`, `webhook_endpoint.disabled`. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    /** The domain event that caused it: one notification per event and user. */
    eventId: uuid('event_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    readAt: timestamptz('read_at'),
  },
  (t) => [uniqueIndex('notifications_event_user_key').on(t.eventId, t.userId), index('notifications_user_idx').on(t.userId, t.id)],
);
