import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conversation } from '@domain/recording/conversation.aggregate';
import { ConversationRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { WriteConversationCommand } from './write-conversation.command';

@CommandHandler(WriteConversationCommand)
export class WriteConversationHandler implements ICommandHandler<WriteConversationCommand, void> {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: WriteConversationCommand): Promise<void> {
    const now = this.clock.now();
    const conversation =
      (await this.conversations.findByCall(c.organizationId, c.callId)) ??
      Conversation.start(c.organizationId, { callId: c.callId, recordingId: null }, now);
    conversation.write({ ...c.content, source: c.source, writtenBy: c.writtenBy, now });
    await this.conversations.save(conversation);
  }
}
