import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { TRANSCRIBE_RECORDING_QUEUE } from '../../recording-queues';
import { MarkRecordingStoredCommand } from './mark-recording-stored.command';
import { existingRecording } from '@domain/recording/existing-recording';

@CommandHandler(MarkRecordingStoredCommand)
export class MarkRecordingStoredHandler implements ICommandHandler<MarkRecordingStoredCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingStoredCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    if (!recording.markStored({ ...c.stored, now: this.clock.now() })) return;
    await this.recordings.save(recording);
    if (recording.snapshot().callId) {
      await this.jobs.send(TRANSCRIBE_RECORDING_QUEUE, { organizationId: c.organizationId, recordingId: c.recordingId });
    }
  }
}
