import { OrganizationQuery } from '../../../shared';
import type { ConversationView } from '@domain/recording/ports/recording-read-model.port';

export interface GetConversationProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class GetConversationQuery extends OrganizationQuery<GetConversationProps, ConversationView | null> {}
