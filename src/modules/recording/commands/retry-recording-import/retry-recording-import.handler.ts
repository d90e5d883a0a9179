import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { IMPORT_RECORDING_QUEUE } from '../../recording-queues';
import { RetryRecordingImportCommand } from './retry-recording-import.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(RetryRecordingImportCommand)
export class RetryRecordingImportHandler implements ICommandHandler<RetryRecordingImportCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly jobs: JobQueue,
  ) {}

  async execute({ props: c }: RetryRecordingImportCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) => recording.retryImport());
    await this.jobs.send(IMPORT_RECORDING_QUEUE, { organizationId: c.organizationId, recordingId: c.recordingId });
  }
}
