import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { observeRecordedEvents, type AggregateRoot } from '@domain/shared/aggregate-root';
import { UnitOfWork, type TenantScope } from '@domain/shared/ports/unit-of-work.port';
import { DomainEventPublisher } from '../events/domain-event-publisher';
import { Database, PreparedStatement } from './database';
import { TransactionContext } from './transaction-context';

export const SET_TENANT = new PreparedStatement<'organizationId'>(
  'set_tenant',
  sql`select set_config('role', 'app_tenant', true), set_config('app.organization_id', ${sql.placeholder('organizationId')}, true)`,
);

/**
 * One transaction per command or query. For tenant work it switches to the non-superuser
 * role with the organization set, in one round trip, so row-level security applies.
 * Before commit it publishes the saved aggregates' events (audit rows, jobs, notifications)
 * in the same transaction. An aggregate that recorded events in the transaction but was never
 * handed over by its repository (`collect`) fails the unit instead of committing without its
 * events (and so without its audit row).
 */
@Injectable()
export class DrizzleUnitOfWork extends UnitOfWork implements OnModuleDestroy {
  private readonly stopObserving: () => void;

  constructor(
    private readonly database: Database,
    private readonly context: TransactionContext,
    private readonly publisher: DomainEventPublisher,
  ) {
    super();
    this.stopObserving = observeRecordedEvents((aggregate) => {
      const unit = this.context.current();
      if (unit && !unit.recorded.includes(aggregate)) unit.recorded.push(aggregate);
    });
  }

  onModuleDestroy(): void {
    this.stopObserving();
  }

  run<T>(scope: TenantScope, work: () => Promise<T>): Promise<T> {
    const open = this.context.current();
    if (open) {
      if (open.organizationId !== scope.organizationId && scope.organizationId !== null) {
        throw new Error('A unit of work cannot switch organization');
      }
      return work();
    }
    return this.database.db.transaction(async (tx) => {
      // Not awaited before the work starts: its first statement goes out behind this one on the
      // transaction's connection (postgres.js pipelines them in one write; the server runs them in
      // order, so row-level security applies to it). Awaited before anything else is decided.
      const tenant = scope.organizationId !== null ? SET_TENANT.rows(tx, { organizationId: scope.organizationId }) : null;
      tenant?.catch(() => undefined);
      const unit = { tx, organizationId: scope.organizationId, aggregates: [] as AggregateRoot[], recorded: [] as AggregateRoot[] };
      return this.context.enter(unit, async () => {
        let result: T;
        try {
          result = await work();
        } finally {
          // A failed tenant switch is the error to report (the work's statements then fail too).
          await tenant;
        }
        // Handlers may save more aggregates in reaction; publish until nothing is left.
        for (let round = 0; unit.aggregates.length > 0; round++) {
          if (round > 10) throw new Error('Domain events keep producing events: giving up');
          const events = unit.aggregates.splice(0).flatMap((a) => a.pullEvents());
          await this.publisher.publish(events);
        }
        const forgotten = unit.recorded.filter((a) => a.hasPendingEvents());
        if (forgotten.length > 0) {
          const names = [...new Set(forgotten.map((a) => a.constructor.name))].join(', ');
          throw new Error(`Events recorded by ${names} were never collected: its repository's save() must call UnitOfWork.collect`);
        }
        return result;
      });
    });
  }

  collect(aggregate: AggregateRoot): void {
    const unit = this.context.unit();
    if (!unit.aggregates.includes(aggregate)) unit.aggregates.push(aggregate);
  }
}
