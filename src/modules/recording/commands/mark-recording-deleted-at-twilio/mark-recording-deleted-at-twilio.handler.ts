import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '../../../../domain/recording/ports/recording-repositories.port';
import { Clock } from '../../../../domain/shared/clock';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { MarkRecordingDeletedAtTwilioCommand } from './mark-recording-deleted-at-twilio.command';

@CommandHandler(MarkRecordingDeletedAtTwilioCommand)
export class MarkRecordingDeletedAtTwilioHandler implements ICommandHandler<MarkRecordingDeletedAtTwilioCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingDeletedAtTwilioCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw new NotFoundError('recording.not_found', 'Recording not found');
    recording.markDeletedAtTwilio(this.clock.now());
    await this.recordings.save(recording);
  }
}
