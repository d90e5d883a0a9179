import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecordingPersonalDataEraser } from '@domain/recording/ports/recording-personal-data-eraser.port';
import { DeleteConversationsCommand } from './delete-conversations.command';

@CommandHandler(DeleteConversationsCommand)
export class DeleteConversationsHandler implements ICommandHandler<DeleteConversationsCommand, string[]> {
  constructor(private readonly eraser: RecordingPersonalDataEraser) {}

  execute({ props: c }: DeleteConversationsCommand): Promise<string[]> {
    return this.eraser.deleteConversations(c.organizationId, c);
  }
}
