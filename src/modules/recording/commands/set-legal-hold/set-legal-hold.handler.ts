import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { SetLegalHoldCommand } from './set-legal-hold.command';
import { recordingNotFound } from '@domain/recording/errors';

@CommandHandler(SetLegalHoldCommand)
export class SetLegalHoldHandler implements ICommandHandler<SetLegalHoldCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: SetLegalHoldCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw recordingNotFound();
    recording.setLegalHold(c.hold, c.reason);
    await this.recordings.save(recording);
  }
}
