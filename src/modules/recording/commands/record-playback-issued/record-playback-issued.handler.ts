import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { RecordPlaybackIssuedCommand } from './record-playback-issued.command';
import { recordingNotFound } from '@domain/recording/errors';

@CommandHandler(RecordPlaybackIssuedCommand)
export class RecordPlaybackIssuedHandler implements ICommandHandler<RecordPlaybackIssuedCommand, void> {
  constructor(private readonly recordings: RecordingRepository) {}

  async execute({ props: c }: RecordPlaybackIssuedCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw recordingNotFound();
    recording.issuePlayback(c.expiresAt);
    await this.recordings.save(recording);
  }
}
