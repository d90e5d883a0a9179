import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { NoteRecordingVerificationFailedCommand } from './note-recording-verification-failed.command';
import { recordingNotFound } from '@domain/recording/errors';

@CommandHandler(NoteRecordingVerificationFailedCommand)
export class NoteRecordingVerificationFailedHandler implements ICommandHandler<NoteRecordingVerificationFailedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: NoteRecordingVerificationFailedCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw recordingNotFound();
    recording.noteVerificationFailed(c.reason, c.attempt);
    await this.recordings.save(recording);
  }
}
