import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import type { TranscriptSegment } from '@domain/recording/ports/transcriber.port';
import { calls } from '../telephony/telephony.schema';
import { organizationIdColumn, workspaces } from '../tenancy/tenancy.schema';

export const recordings = pgTable(
  'recordings',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    /** Null for audio uploaded for analysis rather than recorded on a call. */
    workspaceId: uuid('workspace_id').references(() => workspaces.id),
    callId: uuid('call_id').references(() => calls.id),
    twilioRecordingSid: text('twilio_recording_sid'),
    twilioAccountSid: text('twilio_account_sid'),
    mediaUrl: text('media_url'),
    source: text('source').notNull(),
    channels: integer('channels').notNull(),
    durationSeconds: integer('duration_seconds'),
    startedAt: timestamptz('started_at'),
    status: text('status').notNull(),
    twilioErrorCode: text('twilio_error_code'),
    failureReason: text('failure_reason'),
    importAttempts: integer('import_attempts').notNull().default(0),
    storageBackend: text('storage_backend'),
    objectKey: text('object_key'),
    contentType: text('content_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    storedAt: timestamptz('stored_at'),
    twilioDeletedAt: timestamptz('twilio_deleted_at'),
    legalHold: boolean('legal_hold').notNull().default(false),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('recordings_twilio_sid_key').on(t.twilioRecordingSid),
    index('recordings_org_id_idx').on(t.organizationId, t.id),
    index('recordings_org_call_idx').on(t.organizationId, t.callId),
    index('recordings_retention_idx')
      .on(t.organizationId, t.storedAt)
      .where(sql`${t.status} = 'stored' and ${t.legalHold} = false`),
    uniqueIndex('recordings_org_sha_key')
      .on(t.organizationId, t.sha256)
      .where(sql`${t.callId} is null and ${t.sha256} is not null`),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    /** The call's conversation; null for an uploaded recording's, which is keyed by the recording. */
    callId: uuid('call_id').references(() => calls.id),
    /** The recording the transcript was made from (an upload's conversation is always its recording's). */
    recordingId: uuid('recording_id').references(() => recordings.id),
    /** A transcription of the recording is under way until then: others wait rather than pay for a second one. */
    transcribingUntil: timestamptz('transcribing_until'),
    transcript: text('transcript'),
    segments: jsonb('segments').$type<TranscriptSegment[]>().notNull(),
    summary: text('summary'),
    language: text('language'),
    source: text('source'),
    writtenBy: text('written_by'),
    writtenAt: timestamptz('written_at'),
    transcriptionNote: text('transcription_note'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('conversations_call_key').on(t.organizationId, t.callId),
    uniqueIndex('conversations_recording_key')
      .on(t.organizationId, t.recordingId)
      .where(sql`${t.recordingId} is not null`),
  ],
);
