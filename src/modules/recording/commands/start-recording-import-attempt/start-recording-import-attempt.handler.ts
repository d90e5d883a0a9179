import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '../../../../domain/recording/ports/recording-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { StartRecordingImportAttemptCommand } from './start-recording-import-attempt.command';

@CommandHandler(StartRecordingImportAttemptCommand)
export class StartRecordingImportAttemptHandler implements ICommandHandler<StartRecordingImportAttemptCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: StartRecordingImportAttemptCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw new NotFoundError('recording.not_found', 'Recording not found');
    recording.startImportAttempt();
    await this.recordings.save(recording);
  }
}
