import { DomainEvent } from '../../shared/domain-event';

export interface RecordingEventPayload {
  workspaceId: string | null;
  callId: string | null;
  recordingSid: string | null;
}

export class RecordingReceived extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.received';
  readonly resourceType = 'recording';
}
export class RecordingAbsent extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.absent';
  readonly resourceType = 'recording';
}
export class RecordingStored extends DomainEvent<RecordingEventPayload & { sha256: string; sizeBytes: number; objectKey: string }> {
  static readonly type = 'recording.stored';
  readonly resourceType = 'recording';
}
export class RecordingImportFailed extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.import_failed';
  readonly resourceType = 'recording';
}
/** The bytes of an attempt were not the recording (not audio, not what Twilio reported, or not what storage was sent). */
export class RecordingVerificationFailed extends DomainEvent<RecordingEventPayload & { reason: string }> {
  static readonly type = 'recording.verification_failed';
  readonly resourceType = 'recording';
}
export class RecordingImportRetried extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.import_retried';
  readonly resourceType = 'recording';
}
export class RecordingDeletedAtTwilio extends DomainEvent<RecordingEventPayload> {
  static readonly type = 'recording.deleted_at_twilio';
  readonly resourceType = 'recording';
}
export class RecordingPlaybackIssued extends DomainEvent<RecordingEventPayload & { expiresAt: string }> {
  static readonly type = 'recording.playback_issued';
  readonly resourceType = 'recording';
}
export class RecordingDeleted extends DomainEvent<RecordingEventPayload & { reason: string }> {
  static readonly type = 'recording.deleted';
  readonly resourceType = 'recording';
}
export class RecordingLegalHoldChanged extends DomainEvent<RecordingEventPayload & { legalHold: boolean }> {
  static readonly type = 'recording.legal_hold_changed';
  readonly resourceType = 'recording';
}
export class ConversationWritten extends DomainEvent<{ callId: string | null; recordingId: string | null; source: string }> {
  static readonly type = 'conversation.written';
  readonly resourceType = 'conversation';
}
export class TranscriptionSkipped extends DomainEvent<{ callId: string | null; recordingId: string | null; reason: string }> {
  static readonly type = 'conversation.transcription_skipped';
  readonly resourceType = 'conversation';
}
