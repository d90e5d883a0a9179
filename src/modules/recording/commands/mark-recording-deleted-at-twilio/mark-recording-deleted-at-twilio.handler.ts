import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { MarkRecordingDeletedAtTwilioCommand } from './mark-recording-deleted-at-twilio.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(MarkRecordingDeletedAtTwilioCommand)
export class MarkRecordingDeletedAtTwilioHandler implements ICommandHandler<MarkRecordingDeletedAtTwilioCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkRecordingDeletedAtTwilioCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) => recording.markDeletedAtTwilio(this.clock.now()));
  }
}
