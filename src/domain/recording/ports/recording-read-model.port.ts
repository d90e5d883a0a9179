import type { RecordingState } from '../recording.aggregate';
import type { TranscriptSegment } from './transcriber.port';

/**
 * A recording as readers see it: its state without the organization and Twilio's media
 * coordinates, and its status as stored.
 */
export type RecordingView = Omit<RecordingState, 'organizationId' | 'twilioAccountSid' | 'mediaUrl' | 'status'> & { status: string };

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
