import { Query } from '@nestjs/cqrs';
import type { ConversationView } from '../../../../domain/recording/ports/recording-read-model.port';

export class GetConversationQuery extends Query<ConversationView | null> {
  constructor(
    readonly organizationId: string,
    readonly callId: string,
  ) {
    super();
  }
}
