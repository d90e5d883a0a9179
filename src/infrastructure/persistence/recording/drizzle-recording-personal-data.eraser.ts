import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { RecordingStatus } from '@domain/recording/recording.aggregate';
import { RecordingPersonalDataEraser, type RecordingOfCall } from '@domain/recording/ports/recording-personal-data-eraser.port';
import { conversations, recordings } from './recording.schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleRecordingPersonalDataEraser extends RecordingPersonalDataEraser {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async recordingsOfCalls(organizationId: string, callIds: readonly string[]): Promise<RecordingOfCall[]> {
    if (callIds.length === 0) return [];
    const rows = await this.tx.db
      .select({ recordingId: recordings.id, callId: recordings.callId, status: recordings.status, legalHold: recordings.legalHold })
      .from(recordings)
      .where(and(eq(recordings.organizationId, organizationId), inArray(recordings.callId, [...callIds])))
      .orderBy(asc(recordings.id));
    return rows.map((r) => ({ ...r, callId: r.callId!, status: r.status as RecordingStatus }));
  }

  async deleteConversations(
    organizationId: string,
    of: { callIds: readonly string[]; recordingIds: readonly string[] },
  ): Promise<string[]> {
    const matches = [
      ...(of.callIds.length > 0 ? [inArray(conversations.callId, [...of.callIds])] : []),
      ...(of.recordingIds.length > 0 ? [inArray(conversations.recordingId, [...of.recordingIds])] : []),
    ];
    if (matches.length === 0) return [];
    const deleted = await this.tx.db
      .delete(conversations)
      .where(and(eq(conversations.organizationId, organizationId), or(...matches)))
      .returning({ id: conversations.id });
    return deleted.map((d) => d.id).sort();
  }
}
