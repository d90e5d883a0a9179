import { Command } from '@nestjs/cqrs';
import type { ConversationSource } from '../../../../domain/recording/conversation.aggregate';
import type { TranscriptSegment } from '../../../../domain/recording/ports/transcriber.port';

export class WriteConversationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly callId: string,
    readonly content: { transcript: string; segments: TranscriptSegment[]; summary: string | null; language: string | null },
    readonly source: ConversationSource,
    readonly writtenBy: string,
  ) {
    super();
  }
}
