import { Query } from '@nestjs/cqrs';
import type { ConversationView } from '@domain/recording/ports/recording-read-model.port';

export interface GetConversationProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class GetConversationQuery extends Query<ConversationView | null> {
  constructor(readonly props: GetConversationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
