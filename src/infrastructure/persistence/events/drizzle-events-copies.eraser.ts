import { Injectable } from '@nestjs/common';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { EventCopiesEraser, type EventCopiesRedacted } from '@domain/events/ports/event-copies-eraser.port';
import { liveEvents, notifications, webhookDeliveries } from './events.schema';
import { ERASED } from '@domain/shared/erased';
import { TransactionContext } from '../transaction-context';

/** The text with every needle replaced, longest first so a short one never splits a longer. */
function redacted(text: SQL, needles: readonly string[]): SQL {
  return [...needles].sort((a, b) => b.length - a.length).reduce((t, needle) => sql`replace(${t}, ${needle}, ${ERASED})`, text);
}

function mentions(text: SQL, needles: readonly string[]): SQL {
  return sql`(${sql.join(
    needles.map((n) => sql`strpos(${text}, ${n}) > 0`),
    sql` or `,
  )})`;
}

@Injectable()
export class DrizzleEventCopiesEraser extends EventCopiesEraser {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async redact(organizationId: string, needles: readonly string[], userId: string | null): Promise<EventCopiesRedacted> {
    const counts: EventCopiesRedacted = { liveEvents: 0, webhookDeliveries: 0, notifications: 0 };
    if (needles.length > 0) {
      const payload = sql`${liveEvents.payload}::text`;
      const live = await this.tx.db
        .update(liveEvents)
        .set({ payload: sql`${redacted(payload, needles)}::jsonb` })
        .where(and(eq(liveEvents.organizationId, organizationId), mentions(payload, needles)))
        .returning({ position: liveEvents.position });
      const body = sql`${webhookDeliveries.body}`;
      const deliveries = await this.tx.db
        .update(webhookDeliveries)
        .set({ body: redacted(body, needles) })
        .where(and(eq(webhookDeliveries.organizationId, organizationId), mentions(body, needles)))
        .returning({ id: webhookDeliveries.id });
      const title = sql`${notifications.title}`;
      const titled = await this.tx.db
        .update(notifications)
        .set({ title: redacted(title, needles) })
        .where(and(eq(notifications.organizationId, organizationId), mentions(title, needles)))
        .returning({ id: notifications.id });
      Object.assign(counts, { liveEvents: live.length, webhookDeliveries: deliveries.length, notifications: titled.length });
    }
    if (userId !== null) {
      const theirs = await this.tx.db
        .delete(notifications)
        .where(and(eq(notifications.organizationId, organizationId), eq(notifications.userId, userId)))
        .returning({ id: notifications.id });
      counts.notifications += theirs.length;
    }
    return counts;
  }
}
