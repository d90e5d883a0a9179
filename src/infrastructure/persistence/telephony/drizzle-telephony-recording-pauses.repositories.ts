import { Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { RecordingPause, type PauseBehavior } from '@domain/telephony/recording-pause.aggregate';
import { RecordingPauseRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { callRecordingPauses } from './telephony.schema';
import { TransactionContext } from '../transaction-context';

type Row = typeof callRecordingPauses.$inferSelect;

@Injectable()
export class DrizzleRecordingPauseRepository extends RecordingPauseRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findOpen(organizationId: string, callId: string): Promise<RecordingPause | null> {
    const [row] = await this.tx.db
      .select()
      .from(callRecordingPauses)
      .where(
        and(
          eq(callRecordingPauses.organizationId, organizationId),
          eq(callRecordingPauses.callId, callId),
          isNull(callRecordingPauses.resumedAt),
        ),
      )
      .for('update');
    return row ? RecordingPause.restore({ ...row, behavior: row.behavior as PauseBehavior }) : null;
  }

  async save(pause: RecordingPause): Promise<void> {
    const s = pause.snapshot();
    const row: Row = { ...s };
    await this.tx.db
      .insert(callRecordingPauses)
      .values(row)
      .onConflictDoUpdate({
        target: callRecordingPauses.id,
        set: { resumedAt: s.resumedAt, startOffsetMs: s.startOffsetMs, endOffsetMs: s.endOffsetMs, resumedByUserId: s.resumedByUserId },
      });
    this.uow.collect(pause);
  }
}
