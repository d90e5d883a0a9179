import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { MarkRecordingImportFailedCommand } from './mark-recording-import-failed.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(MarkRecordingImportFailedCommand)
export class MarkRecordingImportFailedHandler implements ICommandHandler<MarkRecordingImportFailedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: MarkRecordingImportFailedCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) =>
      recording.markImportFailed(c.reason, c.attempts),
    );
  }
}
