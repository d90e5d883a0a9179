import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TranscriptionClaim } from '@domain/recording/conversation.aggregate';
import { ConversationRepository, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ConflictError } from '@domain/shared/domain-error';
import { ClaimTranscriptionCommand } from './claim-transcription.command';
import { existingRecording } from '@domain/recording/existing-recording';
import { conversationOf } from '@domain/recording/conversation-of-recording';

@CommandHandler(ClaimTranscriptionCommand)
export class ClaimTranscriptionHandler implements ICommandHandler<ClaimTranscriptionCommand, TranscriptionClaim> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ClaimTranscriptionCommand): Promise<TranscriptionClaim> {
    // The recording's row lock orders concurrent claims, even before its conversation exists.
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    if (recording.status !== 'stored')
      throw new ConflictError('recording.not_available', `The recording is ${recording.status}, not transcribable`);
    const now = this.clock.now();
    const conversation = await conversationOf(this.conversations, recording, now);
    const claim = conversation.claimTranscription(c.recordingId, now);
    if (claim === 'claimed') await this.conversations.save(conversation);
    return claim;
  }
}
