import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conversation } from '../../../../domain/recording/conversation.aggregate';
import { ConversationRepository } from '../../../../domain/recording/ports/recording-repositories.port';
import { Clock } from '../../../../domain/shared/clock';
import { NoteTranscriptionSkippedCommand } from './note-transcription-skipped.command';

@CommandHandler(NoteTranscriptionSkippedCommand)
export class NoteTranscriptionSkippedHandler implements ICommandHandler<NoteTranscriptionSkippedCommand, void> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute(c: NoteTranscriptionSkippedCommand): Promise<void> {
    const conversation = (await this.conversations.findByCall(c.organizationId, c.callId)) ?? Conversation.start(c.organizationId, c.callId, this.clock.now());
    if (conversation.snapshot().transcript !== null) return;
    conversation.noteNoTranscription(c.reason);
    await this.conversations.save(conversation);
  }
}
