import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { MarkRecordingDeletedCommand } from './mark-recording-deleted.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(MarkRecordingDeletedCommand)
export class MarkRecordingDeletedHandler implements ICommandHandler<MarkRecordingDeletedCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingDeletedCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) =>
      recording.markDeleted(c.reason, this.clock.now()),
    );
  }
}
