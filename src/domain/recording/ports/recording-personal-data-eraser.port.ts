import type { RecordingStatus } from '../recording.aggregate';

export interface RecordingOfCall {
  recordingId: string;
  callId: string;
  status: RecordingStatus;
  legalHold: boolean;
}

/** What erasure and retention need of the recording context beyond deleting the audio itself. */
export abstract class RecordingPersonalDataEraser {
  abstract recordingsOfCalls(organizationId: string, callIds: readonly string[]): Promise<RecordingOfCall[]>;
  /**
   * Deletes the conversations (transcript, segments, summary) of these calls and recordings.
   * Answers the ids it deleted (none on a second run).
   */
  abstract deleteConversations(
    organizationId: string,
    of: { callIds: readonly string[]; recordingIds: readonly string[] },
  ): Promise<string[]>;
}
