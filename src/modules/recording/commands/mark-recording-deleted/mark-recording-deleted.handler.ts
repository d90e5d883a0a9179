import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { MarkRecordingDeletedCommand } from './mark-recording-deleted.command';
import { recordingNotFound } from '@domain/recording/errors';

@CommandHandler(MarkRecordingDeletedCommand)
export class MarkRecordingDeletedHandler implements ICommandHandler<MarkRecordingDeletedCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingDeletedCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw recordingNotFound();
    recording.markDeleted(c.reason, this.clock.now());
    await this.recordings.save(recording);
  }
}
