import { Injectable } from '@nestjs/common';
import { AnalyticsRollup } from '@domain/analysis/ports/analysis-read-model.port';
import { Clock } from '@domain/shared/clock';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';

/** Days already closed rarely change: each run recomputes the last two days (all of them with `fromDay`). */
@Injectable()
export class AnalyticsRefreshJob {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly rollup: AnalyticsRollup,
    private readonly clock: Clock,
  ) {}

  run(options: { organizationId?: string | null; fromDay?: string } = {}): Promise<number> {
    const now = this.clock.now();
    const fromDay = options.fromDay ?? new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
    return this.unitOfWork.run({ organizationId: null }, () => this.rollup.refresh(options.organizationId ?? null, fromDay, now));
  }
}
