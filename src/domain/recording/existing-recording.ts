import { recordingNotFound } from './errors';
import type { RecordingRepository } from './ports/recording-repositories.port';
import type { Recording } from './recording.aggregate';

/** The recording, locked for the transaction, or `recording.not_found`. */
export async function existingRecording(recordings: RecordingRepository, organizationId: string, recordingId: string): Promise<Recording> {
  const recording = await recordings.findById(organizationId, recordingId);
  if (!recording) throw recordingNotFound();
  return recording;
}

/** Loads the recording (locked), lets `change` act on it and saves it: the whole of a command that changes one recording. */
export async function changeRecording(
  recordings: RecordingRepository,
  organizationId: string,
  recordingId: string,
  change: (recording: Recording) => void,
): Promise<void> {
  const recording = await existingRecording(recordings, organizationId, recordingId);
  change(recording);
  await recordings.save(recording);
}
