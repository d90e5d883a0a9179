import { Injectable } from '@nestjs/common';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { EventCopiesEraser } from '@domain/events/ports/event-copies-eraser.port';
import { liveEvents, notifications, webhookDeliveries } from './events.schema';
import { TransactionContext } from '../transaction-context';

const ERASED = '[erased]';

/** `replace(replace(text, n1, '[erased]'), n2, '[erased]')...`, longest needle first so a short one never splits a longer. */
function redacted(column: SQL, needles: readonly string[]): SQL {
  return [...needles].sort((a, b) => b.length - a.length).reduce((text, needle) => sql`replace(${text}, ${needle}, ${ERASED})`, column);
}

function mentions(column: SQL, needles: readonly string[]): SQL {
  return sql`(${sql.join(
    needles.map((n) => sql`strpos(${column}, ${n}) > 0`),
    sql` or `,
  )})`;
}

@Injectable()
export class DrizzleEventCopiesEraser extends EventCopiesEraser {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async redact(
    organizationId: string,
    needles: readonly string[],
  ): Promise<{ liveEvents: number; webhookDeliveries: number; notifications: number }> {
    if (needles.length === 0) return { liveEvents: 0, webhookDeliveries: 0, notifications: 0 };
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
    const notes = await this.tx.db
      .update(notifications)
      .set({ title: redacted(title, needles) })
      .where(and(eq(notifications.organizationId, organizationId), mentions(title, needles)))
      .returning({ id: notifications.id });
    return { liveEvents: live.length, webhookDeliveries: deliveries.length, notifications: notes.length };
  }
}
