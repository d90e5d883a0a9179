import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingReadModel, type ConversationView } from '@domain/recording/ports/recording-read-model.port';
import { GetConversationQuery } from './get-conversation.query';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery, ConversationView | null> {
  constructor(private readonly readModel: RecordingReadModel) {}

  execute({ props: q }: GetConversationQuery): Promise<ConversationView | null> {
    return this.readModel.conversation(q.organizationId, q.callId);
  }
}
