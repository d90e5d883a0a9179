import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { AggregateRoot } from '@domain/shared/aggregate-root';
import type { Db } from './database';

const UNIT = 'unit-of-work';

export interface OpenUnit {
  tx: Db;
  organizationId: string | null;
  aggregates: AggregateRoot[];
  /** Every aggregate that recorded an event inside this unit: each must be collected before commit. */
  recorded: AggregateRoot[];
}

/** Gives repositories the transaction their unit of work opened. */
@Injectable()
export class TransactionContext {
  constructor(private readonly cls: ClsService) {}

  get db(): Db {
    return this.unit().tx;
  }

  /** The open unit; outside one, repositories must not run (no RLS, and PGlite would deadlock). */
  unit(): OpenUnit {
    const unit = this.cls.isActive() ? (this.cls.get(UNIT) as OpenUnit | undefined) : undefined;
    if (!unit) throw new Error('No unit of work is open: run repositories through the command or query bus');
    return unit;
  }

  current(): OpenUnit | undefined {
    return this.cls.isActive() ? (this.cls.get(UNIT) as OpenUnit | undefined) : undefined;
  }

  enter<T>(unit: OpenUnit, work: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(UNIT, unit);
      return work();
    });
  }
}
