import { recordingNotFound } from './errors';
import type { RecordingRepository } from './ports/recording-repositories.port';
import type { Recording } from './recording.aggregate';

/** The recording, locked for the transaction, or `recording.not_found`. */
export async function existingRecording(recordings: RecordingRepository, organizationId: string, recordingId: string): Promise<Recording> {
  const recording = await recordings.findById(organizationId, recordingId);
  if (!recording) throw recordingNotFound();
  return recording;
}
