import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import type { Recording } from '@domain/recording/recording.aggregate';

/** `saved` lists every save with the events the unit of work would have taken from it. */
export class InMemoryRecordingRepository extends RecordingRepository {
  readonly rows = new Map<string, Recording>();
  readonly saved: { id: string; events: string[] }[] = [];

  findById(organizationId: string, recordingId: string): Promise<Recording | null> {
    const r = this.rows.get(recordingId);
    return Promise.resolve(r && r.organizationId === organizationId ? r : null);
  }
  findByTwilioSid(organizationId: string, recordingSid: string): Promise<Recording | null> {
    return Promise.resolve(
      [...this.rows.values()].find((r) => r.organizationId === organizationId && r.snapshot().twilioRecordingSid === recordingSid) ?? null,
    );
  }
  save(recording: Recording): Promise<void> {
    this.rows.set(recording.id, recording);
    this.saved.push({ id: recording.id, events: recording.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}
