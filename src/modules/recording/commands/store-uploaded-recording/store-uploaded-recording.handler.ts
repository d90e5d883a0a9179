import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Recording } from '@domain/recording/recording.aggregate';
import { Clock } from '@domain/shared/clock';
import { StoreUploadedRecordingCommand } from './store-uploaded-recording.command';

@CommandHandler(StoreUploadedRecordingCommand)
export class StoreUploadedRecordingHandler implements ICommandHandler<StoreUploadedRecordingCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: StoreUploadedRecordingCommand): Promise<void> {
    await this.recordings.save(
      Recording.uploaded({ id: c.recordingId, organizationId: c.organizationId, ...c.file, now: this.clock.now() }),
    );
  }
}
