import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { StartRecordingImportAttemptCommand } from './start-recording-import-attempt.command';
import { recordingNotFound } from '@domain/recording/errors';

@CommandHandler(StartRecordingImportAttemptCommand)
export class StartRecordingImportAttemptHandler implements ICommandHandler<StartRecordingImportAttemptCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: StartRecordingImportAttemptCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw recordingNotFound();
    recording.startImportAttempt();
    await this.recordings.save(recording);
  }
}
