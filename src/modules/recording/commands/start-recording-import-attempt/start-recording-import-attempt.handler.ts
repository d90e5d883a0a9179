import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { StartRecordingImportAttemptCommand } from './start-recording-import-attempt.command';
import { existingRecording } from '@domain/recording/existing-recording';

@CommandHandler(StartRecordingImportAttemptCommand)
export class StartRecordingImportAttemptHandler implements ICommandHandler<StartRecordingImportAttemptCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: StartRecordingImportAttemptCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    recording.startImportAttempt();
    await this.recordings.save(recording);
  }
}
