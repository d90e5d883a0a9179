import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { RecordPlaybackIssuedCommand } from './record-playback-issued.command';
import { existingRecording } from '@domain/recording/existing-recording';

@CommandHandler(RecordPlaybackIssuedCommand)
export class RecordPlaybackIssuedHandler implements ICommandHandler<RecordPlaybackIssuedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: RecordPlaybackIssuedCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    recording.issuePlayback(c.expiresAt);
    await this.recordings.save(recording);
  }
}
