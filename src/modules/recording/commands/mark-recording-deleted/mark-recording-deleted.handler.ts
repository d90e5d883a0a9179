import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { MarkRecordingDeletedCommand } from './mark-recording-deleted.command';
import { existingRecording } from '@domain/recording/existing-recording';

@CommandHandler(MarkRecordingDeletedCommand)
export class MarkRecordingDeletedHandler implements ICommandHandler<MarkRecordingDeletedCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingDeletedCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    recording.markDeleted(c.reason, this.clock.now());
    await this.recordings.save(recording);
  }
}
