import { OrganizationCommand } from '../../../shared';
import type { ConversationSource } from '@domain/recording/conversation.aggregate';
import type { TranscriptSegment } from '@domain/recording/ports/transcriber.port';

export interface WriteConversationProps {
  readonly organizationId: string;
  readonly callId: string;
  readonly content: { transcript: string; segments: TranscriptSegment[]; summary: string | null; language: string | null };
  readonly source: ConversationSource;
  readonly writtenBy: string;
}

export class WriteConversationCommand extends OrganizationCommand<WriteConversationProps> {}
