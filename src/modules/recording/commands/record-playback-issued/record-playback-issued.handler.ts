import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingRepository } from '../../../../domain/recording/ports/recording-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { RecordPlaybackIssuedCommand } from './record-playback-issued.command';

@CommandHandler(RecordPlaybackIssuedCommand)
export class RecordPlaybackIssuedHandler implements ICommandHandler<RecordPlaybackIssuedCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
  ) {}

  async execute({ props: c }: RecordPlaybackIssuedCommand): Promise<void> {
    const recording = await this.recordings.findById(c.organizationId, c.recordingId);
    if (!recording) throw new NotFoundError('recording.not_found', 'Recording not found');
    recording.issuePlayback(c.expiresAt);
    await this.recordings.save(recording);
  }
}
