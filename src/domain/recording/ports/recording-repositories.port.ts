import type { Conversation } from '../conversation.aggregate';
import type { Recording } from '../recording.aggregate';

export abstract class RecordingRepository {
  abstract findById(organizationId: string, recordingId: string): Promise<Recording | null>;
  abstract findByTwilioSid(organizationId: string, recordingSid: string): Promise<Recording | null>;
  abstract save(recording: Recording): Promise<void>;
}

export abstract class ConversationRepository {
  /** Locked for the transaction. */
  abstract findByCall(organizationId: string, callId: string): Promise<Conversation | null>;
  /** An uploaded recording's conversation (no call), locked for the transaction. */
  abstract findByRecording(organizationId: string, recordingId: string): Promise<Conversation | null>;
  abstract save(conversation: Conversation): Promise<void>;
}

/** Platform-scope reads for scheduled work. */
export abstract class RecordingDirectory {
  /** Stored recordings past their organization's retention, not under legal hold. */
  abstract pastRetention(now: Date, limit: number): Promise<{ organizationId: string; recordingId: string }[]>;
  /** Stored recordings whose Twilio copy is still there (a deletion that failed earlier). */
  abstract awaitingTwilioDeletion(limit: number): Promise<{ organizationId: string; recordingId: string }[]>;
}
