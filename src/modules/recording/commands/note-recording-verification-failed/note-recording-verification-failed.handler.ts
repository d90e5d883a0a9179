import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '../../../../domain/recording/ports/recording-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { NoteRecordingVerificationFailedCommand } from './note-recording-verification-failed.command';

@CommandHandler(NoteRecordingVerificationFailedCommand)
export class NoteRecordingVerificationFailedHandler implements ICommandHandler<NoteRecordingVerificationFailedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: NoteRecordingVerificationFailedCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw new NotFoundError('recording.not_found', 'Recording not found');
    recording.noteVerificationFailed(c.reason, c.attempt);
    await this.recordings.save(recording);
  }
}
