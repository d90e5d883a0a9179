import { Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import { RecordingPauseReadModel, type RecordingPauseView } from '@domain/telephony/ports/telephony-read-model.port';
import { callRecordingPauses } from './telephony.schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleRecordingPauseReadModel extends RecordingPauseReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async pausesOfCall(organizationId: string, callId: string): Promise<RecordingPauseView[]> {
    const rows = await this.tx.db
      .select()
      .from(callRecordingPauses)
      .where(and(eq(callRecordingPauses.organizationId, organizationId), eq(callRecordingPauses.callId, callId)))
      .orderBy(asc(callRecordingPauses.pausedAt), asc(callRecordingPauses.id));
    return rows.map((r) => ({
      id: r.id,
      recordingSid: r.recordingSid,
      behavior: r.behavior,
      pausedAt: r.pausedAt,
      resumedAt: r.resumedAt,
      startOffsetMs: r.startOffsetMs,
      endOffsetMs: r.endOffsetMs,
      pausedByUserId: r.pausedByUserId,
      resumedByUserId: r.resumedByUserId,
    }));
  }
}
