import { DomainEvent } from '../../shared/domain-event';

export interface RecordingEventPayload {
  workspaceId: string | null;
  callId: string | null;
  recordingSid: string | null;
}

export class RecordingReceived extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.received';
}
export class RecordingAbsent extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.absent';
}
export class RecordingStored extends DomainEvent<RecordingEventPayload & { sha256: string; sizeBytes: number; objectKey: string }> {
  static readonly type = 'recording.stored';
}
export class RecordingImportFailed extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.import_failed';
}
/** The bytes of an attempt were not the recording (not audio, not what Twilio reported, or not what storage was sent). */
export class RecordingVerificationFailed extends DomainEvent<RecordingEventPayload & { reason: string }> {
  static readonly type = 'recording.verification_failed';
}
export class RecordingImportRetried extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.import_retried';
}
export class RecordingDeletedAtTwilio extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.deleted_at_twilio';
}
export class RecordingPlaybackIssued extends DomainEvent<RecordingEventPayload & { expiresAt: string }> {
  static readonly type = 'recording.playback_issued';
}
export class RecordingDeleted extends DomainEvent<RecordingEventPayload & { reason: string }> {
  static readonly type = 'recording.deleted';
}
export class RecordingLegalHoldChanged extends DomainEvent<RecordingEventPayload & { legalHold: boolean }> {
  static readonly type = 'recording.legal_hold_changed';
}
export class ConversationWritten extends DomainEvent<{ callId: string | null; recordingId: string | null; source: string }> {
  static readonly type = 'conversation.written';
}
export class TranscriptionSkipped extends DomainEvent<{ callId: string | null; recordingId: string | null; reason: string }> {
  static readonly type = 'conversation.transcription_skipped';
}
