import type { AggregateRoot } from '../aggregate-root';

/**
 * Whose data a unit of work touches. `organizationId` switches on row-level security for
 * that organization; `null` is platform work (sign-in, domain matching, job scheduling)
 * that reads across organizations on purpose.
 */
export interface TenantScope {
  organizationId: string | null;
}

/**
 * One database transaction around a command or a query. Saved aggregates hand their events
 * to it; it publishes them inside the transaction, then commits.
 */
export abstract class UnitOfWork {
  abstract run<T>(scope: TenantScope, work: () => Promise<T>): Promise<T>;
  /** Called by repositories on save: the aggregate's recorded events join this transaction. */
  abstract collect(aggregate: AggregateRoot): void;
}
