import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { LiveEvent, LiveEventRecord } from '@domain/events/live-event';
import { LiveEventStore } from '@domain/events/ports/live-event-store.port';
import {
  WebhookDeliveryStore,
  WebhookEndpointRepository,
  type NewWebhookDelivery,
  type WebhookAttempt,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '@domain/events/ports/webhook-repositories.port';
import type { Notification } from '@domain/events/notification.aggregate';
import {
  NotificationRepository,
  type NotificationPosition,
  type NotificationView,
} from '@domain/events/ports/notification-repository.port';
import { WebhookEndpoint } from '@domain/events/webhook-endpoint.aggregate';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { liveEvents, notifications, webhookDeliveries, webhookEndpoints } from './events.schema';
import { rowsOf } from '../database';
import { TransactionContext, type OpenUnit } from '../transaction-context';

/** Distinguishes this lock from the other advisory locks keyed by organization (the audit sealer's). */
const LIVE_EVENTS_LOCK_SPACE = 7265;

/**
 * Positions come from one sequence, taken under a transaction-level advisory lock on the
 * organization that is held until commit: a later position of an organization can only be
 * assigned once the earlier one committed (or rolled back). So a reader that sees position N
 * has seen every committed position before N of that organization, and "after N" never skips
 * an event that commits late. Writers of one organization wait for each other only between
 * their first event and their commit.
 */
@Injectable()
export class DrizzleLiveEventStore extends LiveEventStore {
  private readonly locked = new WeakMap<OpenUnit, Set<string>>();

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async append(event: LiveEventRecord): Promise<void> {
    const unit = this.tx.unit();
    let held = this.locked.get(unit);
    if (!held) this.locked.set(unit, (held = new Set()));
    if (held.has(event.organizationId)) {
      await unit.tx
        .insert(liveEvents)
        .values(event)
        .onConflictDoNothing({ target: [liveEvents.organizationId, liveEvents.eventId] });
      return;
    }
    // One round trip: the lock is taken while the row is produced, before its position (the
    // column default, nextval) is drawn for the insert.
    await unit.tx.execute(sql`
      insert into ${liveEvents} (organization_id, event_id, type, resource_type, resource_id, workspace_id, occurred_at, payload)
      select ${event.organizationId}::uuid, ${event.eventId}::uuid, ${event.type}, ${event.resourceType}, ${event.resourceId},
             ${event.workspaceId}::uuid, ${event.occurredAt.toISOString()}::timestamptz, ${JSON.stringify(event.payload)}::jsonb
      from (select pg_advisory_xact_lock(hashtextextended(${event.organizationId}, ${LIVE_EVENTS_LOCK_SPACE}))) as locked
      on conflict (organization_id, event_id) do nothing`);
    held.add(event.organizationId);
  }

  async after(organizationId: string, position: number, limit: number): Promise<LiveEvent[]> {
    const rows = await this.tx.db
      .select()
      .from(liveEvents)
      .where(and(eq(liveEvents.organizationId, organizationId), gt(liveEvents.position, position)))
      .orderBy(asc(liveEvents.position))
      .limit(limit);
    return rows.map((r) => ({
      position: Number(r.position),
      eventId: r.eventId,
      organizationId: r.organizationId,
      type: r.type,
      resourceType: r.resourceType,
      resourceId: r.resourceId,
      workspaceId: r.workspaceId,
      occurredAt: r.occurredAt,
      payload: r.payload,
    }));
  }

  async lastPosition(organizationId: string): Promise<number> {
    const [row] = await this.tx.db
      .select({ last: max(liveEvents.position) })
      .from(liveEvents)
      .where(eq(liveEvents.organizationId, organizationId));
    return Number(row?.last ?? 0);
  }

  async prune(before: Date): Promise<number> {
    const deleted = await this.tx.db
      .delete(liveEvents)
      .where(lt(liveEvents.recordedAt, before))
      .returning({ position: liveEvents.position });
    return deleted.length;
  }
}

/** One endpoint of an organization, by its key. */
function endpointKey(organizationId: string, endpointId: string): SQL | undefined {
  return and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, endpointId));
}

/** One delivery of an organization, by its key. */
function deliveryKey(organizationId: string, deliveryId: string): SQL | undefined {
  return and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.id, deliveryId));
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

function endpointView(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: row.previousSecretExpiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

@Injectable()
export class DrizzleWebhookEndpointRepository extends WebhookEndpointRepository {
  private readonly enabled = new WeakMap<OpenUnit, Map<string, EndpointRow[]>>();

  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findById(organizationId: string, endpointId: string): Promise<WebhookEndpoint | null> {
    const row = await this.row(organizationId, endpointId);
    return row ? WebhookEndpoint.restore(row) : null;
  }

  private async row(organizationId: string, endpointId: string): Promise<EndpointRow | undefined> {
    const [row] = await this.tx.db.select().from(webhookEndpoints).where(endpointKey(organizationId, endpointId));
    return row;
  }

  async enabledOf(organizationId: string): Promise<WebhookEndpoint[]> {
    // Asked for every event: once per transaction and organization (a save in the transaction forgets it).
    const unit = this.tx.unit();
    let known = this.enabled.get(unit);
    if (!known) this.enabled.set(unit, (known = new Map()));
    const cached = known.get(organizationId);
    if (cached) return cached.map((state) => WebhookEndpoint.restore(state));
    const rows = await this.tx.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.enabled, true)))
      .orderBy(asc(webhookEndpoints.id));
    known.set(organizationId, rows);
    return rows.map((r) => WebhookEndpoint.restore(r));
  }

  async save(endpoint: WebhookEndpoint): Promise<void> {
    const s = endpoint.snapshot();
    this.enabled.get(this.tx.unit())?.delete(s.organizationId);
    await this.tx.db
      .insert(webhookEndpoints)
      .values({ ...s })
      .onConflictDoUpdate({
        target: webhookEndpoints.id,
        set: {
          url: s.url,
          description: s.description,
          eventTypes: s.eventTypes,
          enabled: s.enabled,
          disabledReason: s.disabledReason,
          secretSealed: s.secretSealed,
          previousSecretSealed: s.previousSecretSealed,
          previousSecretExpiresAt: s.previousSecretExpiresAt,
          updatedAt: s.updatedAt,
        },
      });
    this.uow.collect(endpoint);
  }

  async remove(endpoint: WebhookEndpoint): Promise<void> {
    const s = endpoint.snapshot();
    this.enabled.get(this.tx.unit())?.delete(s.organizationId);
    await this.tx.db.delete(webhookEndpoints).where(endpointKey(s.organizationId, s.id));
    this.uow.collect(endpoint);
  }

  async view(organizationId: string, endpointId: string): Promise<WebhookEndpointView | null> {
    const row = await this.row(organizationId, endpointId);
    return row ? endpointView(row) : null;
  }

  async list(organizationId: string, beforeId: string | undefined, limit: number): Promise<WebhookEndpointView[]> {
    const rows = await this.tx.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.organizationId, organizationId), beforeId ? lt(webhookEndpoints.id, beforeId) : undefined))
      .orderBy(desc(webhookEndpoints.id))
      .limit(limit);
    return rows.map(endpointView);
  }
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

function deliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    responseTimeMs: row.responseTimeMs,
    lastError: row.lastError,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.nextAttemptAt,
    deliveredAt: row.deliveredAt,
  };
}

@Injectable()
export class DrizzleWebhookDeliveryStore extends WebhookDeliveryStore {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async create(delivery: NewWebhookDelivery): Promise<boolean> {
    const inserted = await this.tx.db
      .insert(webhookDeliveries)
      .values({ ...delivery, status: 'pending', attempts: 0, nextAttemptAt: delivery.createdAt })
      .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
      .returning({ id: webhookDeliveries.id });
    return inserted.length > 0;
  }

  async find(organizationId: string, deliveryId: string): Promise<(WebhookDeliveryView & { body: string }) | null> {
    const [row] = await this.tx.db.select().from(webhookDeliveries).where(deliveryKey(organizationId, deliveryId));
    return row ? { ...deliveryView(row), body: row.body } : null;
  }

  async list(organizationId: string, endpointId: string, beforeId: string | undefined, limit: number): Promise<WebhookDeliveryView[]> {
    const rows = await this.tx.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.organizationId, organizationId),
          eq(webhookDeliveries.endpointId, endpointId),
          beforeId ? lt(webhookDeliveries.id, beforeId) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(limit);
    return rows.map(deliveryView);
  }

  earlierPendingOfSameResource(organizationId: string, deliveryId: string): Promise<string | null> {
    return this.pendingOfSameResource(organizationId, deliveryId, 'earlier');
  }

  nextPendingOfSameResource(organizationId: string, deliveryId: string): Promise<string | null> {
    return this.pendingOfSameResource(organizationId, deliveryId, 'later');
  }

  /** Ids are UUIDv7, so their order is the order the deliveries (and their events) were made. */
  private async pendingOfSameResource(organizationId: string, deliveryId: string, side: 'earlier' | 'later'): Promise<string | null> {
    const result = await this.tx.db.execute<{ id: string }>(sql`
      select other.id from webhook_deliveries this
      join webhook_deliveries other
        on other.organization_id = this.organization_id and other.endpoint_id = this.endpoint_id
       and other.status = 'pending'
       and (other.body::jsonb #>> '{data,resourceType}') = (this.body::jsonb #>> '{data,resourceType}')
       and (other.body::jsonb #>> '{data,resourceId}') = (this.body::jsonb #>> '{data,resourceId}')
      where this.organization_id = ${organizationId} and this.id = ${deliveryId}
        and ${side === 'earlier' ? sql`other.id < this.id` : sql`other.id > this.id`}
      order by other.id asc
      limit 1`);
    return rowsOf<{ id: string }>(result)[0]?.id ?? null;
  }

  async recordAttempt(organizationId: string, deliveryId: string, attempt: WebhookAttempt): Promise<void> {
    await this.tx.db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        status: attempt.status,
        responseStatus: attempt.responseStatus,
        responseTimeMs: attempt.responseTimeMs,
        lastError: attempt.error,
        lastAttemptAt: attempt.at,
        nextAttemptAt: attempt.nextAttemptAt,
        ...(attempt.status === 'succeeded' ? { deliveredAt: attempt.at } : {}),
      })
      .where(deliveryKey(organizationId, deliveryId));
  }

  async markPending(organizationId: string, deliveryId: string, at: Date): Promise<void> {
    await this.tx.db.update(webhookDeliveries).set({ status: 'pending', nextAttemptAt: at }).where(deliveryKey(organizationId, deliveryId));
  }
}

@Injectable()
export class DrizzleNotificationRepository extends NotificationRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async existsForEvent(organizationId: string, eventId: string): Promise<boolean> {
    const [row] = await this.tx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.organizationId, organizationId), eq(notifications.eventId, eventId)))
      .limit(1);
    return row !== undefined;
  }

  async save(notification: Notification): Promise<void> {
    await this.tx.db
      .insert(notifications)
      .values(notification.snapshot())
      .onConflictDoNothing({ target: [notifications.eventId, notifications.userId] });
    this.uow.collect(notification);
  }

  async listForUser(userId: string, after: NotificationPosition | null, limit: number): Promise<(NotificationView & { read: boolean })[]> {
    const read = sql<boolean>`(${notifications.readAt} is not null)`;
    const position = after
      ? after.read
        ? and(sql`${notifications.readAt} is not null`, lt(notifications.id, after.id))
        : or(sql`${notifications.readAt} is not null`, lt(notifications.id, after.id))
      : undefined;
    const rows = await this.tx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), position))
      .orderBy(asc(read), desc(notifications.id))
      .limit(limit);
    return rows.map((r) => ({ ...notificationView(r), read: r.readAt !== null }));
  }

  async markRead(userId: string, notificationId: string, at: Date): Promise<NotificationView | null> {
    const [row] = await this.tx.db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(notifications.userId, userId), eq(notifications.id, notificationId)))
      .returning();
    return row ? notificationView(row) : null;
  }
}

function notificationView(row: typeof notifications.$inferSelect): NotificationView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    kind: row.kind,
    title: row.title,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}
