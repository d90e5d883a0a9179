import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { StartRecordingImportAttemptCommand } from './start-recording-import-attempt.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(StartRecordingImportAttemptCommand)
export class StartRecordingImportAttemptHandler implements ICommandHandler<StartRecordingImportAttemptCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: StartRecordingImportAttemptCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) => recording.startImportAttempt());
  }
}
