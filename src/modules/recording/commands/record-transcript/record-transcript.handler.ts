import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationRepository, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { RecordTranscriptCommand } from './record-transcript.command';
import { existingRecording } from '@domain/recording/existing-recording';
import { conversationOf } from '@domain/recording/conversation-of-recording';

@CommandHandler(RecordTranscriptCommand)
export class RecordTranscriptHandler implements ICommandHandler<RecordTranscriptCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordTranscriptCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    const now = this.clock.now();
    const conversation = await conversationOf(this.conversations, recording, now);
    // A person wrote the conversation while the recording was being transcribed: theirs stands.
    if (conversation.snapshot().source === 'api') {
      conversation.releaseTranscription();
    } else {
      conversation.write({ ...c.content, source: 'transcriber', writtenBy: c.writtenBy, now, recordingId: c.recordingId });
    }
    await this.conversations.save(conversation);
  }
}
