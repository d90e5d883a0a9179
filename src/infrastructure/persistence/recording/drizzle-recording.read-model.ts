import { Injectable } from '@nestjs/common';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { RecordingReadModel, type ConversationView, type RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { conversations, recordings } from './recording.schema';
import { TransactionContext } from '../transaction-context';

const columns = {
  id: recordings.id,
  workspaceId: recordings.workspaceId,
  callId: recordings.callId,
  twilioRecordingSid: recordings.twilioRecordingSid,
  source: recordings.source,
  channels: recordings.channels,
  durationSeconds: recordings.durationSeconds,
  startedAt: recordings.startedAt,
  status: recordings.status,
  twilioErrorCode: recordings.twilioErrorCode,
  failureReason: recordings.failureReason,
  importAttempts: recordings.importAttempts,
  storageBackend: recordings.storageBackend,
  objectKey: recordings.objectKey,
  contentType: recordings.contentType,
  sizeBytes: recordings.sizeBytes,
  sha256: recordings.sha256,
  storedAt: recordings.storedAt,
  twilioDeletedAt: recordings.twilioDeletedAt,
  legalHold: recordings.legalHold,
  deletedAt: recordings.deletedAt,
  createdAt: recordings.createdAt,
};

@Injectable()
export class DrizzleRecordingReadModel extends RecordingReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  recordingsOfCall(organizationId: string, callId: string): Promise<RecordingView[]> {
    return this.tx.db
      .select(columns)
      .from(recordings)
      .where(and(eq(recordings.organizationId, organizationId), eq(recordings.callId, callId)))
      .orderBy(asc(recordings.id));
  }

  async recording(organizationId: string, recordingId: string): Promise<RecordingView | null> {
    const [r] = await this.tx.db
      .select(columns)
      .from(recordings)
      .where(and(eq(recordings.organizationId, organizationId), eq(recordings.id, recordingId)));
    return r ?? null;
  }

  async conversation(organizationId: string, callId: string): Promise<ConversationView | null> {
    const [r] = await this.tx.db
      .select({
        callId: conversations.callId,
        transcript: conversations.transcript,
        segments: conversations.segments,
        summary: conversations.summary,
        language: conversations.language,
        source: conversations.source,
        writtenBy: conversations.writtenBy,
        writtenAt: conversations.writtenAt,
        transcriptionNote: conversations.transcriptionNote,
      })
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.callId, callId)));
    return r ?? null;
  }

  async uploadIdByHash(organizationId: string, sha256: string): Promise<string | null> {
    const [r] = await this.tx.db
      .select({ id: recordings.id })
      .from(recordings)
      .where(and(eq(recordings.organizationId, organizationId), eq(recordings.sha256, sha256), isNull(recordings.callId)));
    return r?.id ?? null;
  }
}
