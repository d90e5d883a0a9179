import type { TranscriptSegment } from './transcriber.port';

export interface RecordingView {
  id: string;
  workspaceId: string | null;
  callId: string | null;
  twilioRecordingSid: string | null;
  source: string;
  channels: number;
  durationSeconds: number | null;
  startedAt: Date | null;
  status: string;
  twilioErrorCode: string | null;
  failureReason: string | null;
  importAttempts: number;
  storageBackend: string | null;
  objectKey: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  storedAt: Date | null;
  twilioDeletedAt: Date | null;
  legalHold: boolean;
  deletedAt: Date | null;
  createdAt: Date;
}

export interface ConversationView {
  /** Null for an uploaded recording's conversation. */
  callId: string | null;
  transcript: string | null;
  segments: TranscriptSegment[];
  summary: string | null;
  language: string | null;
  source: string | null;
  writtenBy: string | null;
  writtenAt: Date | null;
  transcriptionNote: string | null;
}

/** A recording's conversation, as the transcription of that recording sees it. */
export interface RecordingTranscriptView extends ConversationView {
  recordingId: string | null;
  /** The transcript is this recording's (or a person's): nothing is left to transcribe. */
  transcribed: boolean;
  /** A transcription of it is under way. */
  transcribing: boolean;
}

export abstract class RecordingReadModel {
  abstract recordingsOfCall(organizationId: string, callId: string): Promise<RecordingView[]>;
  abstract recording(organizationId: string, recordingId: string): Promise<RecordingView | null>;
  abstract conversation(organizationId: string, callId: string): Promise<ConversationView | null>;
  abstract uploadIdByHash(organizationId: string, sha256: string): Promise<string | null>;
}
