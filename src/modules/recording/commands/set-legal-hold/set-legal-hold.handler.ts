import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { SetLegalHoldCommand } from './set-legal-hold.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(SetLegalHoldCommand)
export class SetLegalHoldHandler implements ICommandHandler<SetLegalHoldCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: SetLegalHoldCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) => recording.setLegalHold(c.hold, c.reason));
  }
}
