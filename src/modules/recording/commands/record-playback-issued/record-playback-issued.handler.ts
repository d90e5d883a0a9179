import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { RecordPlaybackIssuedCommand } from './record-playback-issued.command';
import { changeRecording } from '@domain/recording/existing-recording';

@CommandHandler(RecordPlaybackIssuedCommand)
export class RecordPlaybackIssuedHandler implements ICommandHandler<RecordPlaybackIssuedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: RecordPlaybackIssuedCommand): Promise<void> {
    await changeRecording(this.recordings, c.organizationId, c.recordingId, (recording) => recording.issuePlayback(c.expiresAt));
  }
}
