import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conversation } from '@domain/recording/conversation.aggregate';
import { ConversationRepository, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ReleaseTranscriptionCommand } from './release-transcription.command';
import { existingRecording } from '@domain/recording/existing-recording';
import { conversationKeyOf, findConversationOf } from '@domain/recording/conversation-of-recording';

@CommandHandler(ReleaseTranscriptionCommand)
export class ReleaseTranscriptionHandler implements ICommandHandler<ReleaseTranscriptionCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReleaseTranscriptionCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    let conversation = await findConversationOf(this.conversations, recording);
    if (!conversation) {
      if (c.note === null) return;
      conversation = Conversation.start(c.organizationId, conversationKeyOf(recording), this.clock.now());
    }
    if (c.note !== null && conversation.snapshot().transcript === null) conversation.noteNoTranscription(c.note);
    else conversation.releaseTranscription();
    await this.conversations.save(conversation);
  }
}
