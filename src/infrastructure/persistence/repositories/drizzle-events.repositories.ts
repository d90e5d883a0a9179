import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, lt, max, sql } from 'drizzle-orm';
import type { LiveEvent, LiveEventRecord } from '../../../domain/events/live-event';
import { LiveEventStore } from '../../../domain/events/ports/live-event-store.port';
import { liveEvents } from '../schema/events.schema';
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
    if (!held.has(event.organizationId)) {
      await unit.tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${event.organizationId}, ${LIVE_EVENTS_LOCK_SPACE}))`);
      held.add(event.organizationId);
    }
    await unit.tx.insert(liveEvents).values(event).onConflictDoNothing({ target: [liveEvents.organizationId, liveEvents.eventId] });
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
    const [row] = await this.tx.db.select({ last: max(liveEvents.position) }).from(liveEvents).where(eq(liveEvents.organizationId, organizationId));
    return Number(row?.last ?? 0);
  }

  async prune(before: Date): Promise<number> {
    const deleted = await this.tx.db.delete(liveEvents).where(lt(liveEvents.recordedAt, before)).returning({ position: liveEvents.position });
    return deleted.length;
  }
}
