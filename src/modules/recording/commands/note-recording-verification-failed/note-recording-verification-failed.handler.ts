import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { NoteRecordingVerificationFailedCommand } from './note-recording-verification-failed.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(NoteRecordingVerificationFailedCommand)
export class NoteRecordingVerificationFailedHandler implements ICommandHandler<NoteRecordingVerificationFailedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: NoteRecordingVerificationFailedCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) =>
      recording.noteVerificationFailed(c.reason, c.attempt),
    );
  }
}
