import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RecordingTranscriptView } from '@domain/recording/ports/recording-read-model.port';
import { ConversationRepository, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { GetRecordingTranscriptQuery } from './get-recording-transcript.query';
import { findConversationOf } from '@domain/recording/conversation-of-recording';

@QueryHandler(GetRecordingTranscriptQuery)
export class GetRecordingTranscriptHandler implements IQueryHandler<GetRecordingTranscriptQuery, RecordingTranscriptView | null> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: q }: GetRecordingTranscriptQuery): Promise<RecordingTranscriptView | null> {
    const recording = await this.recordings.findById(q.organizationId, q.recordingId);
    if (!recording) return null;
    const conversation = await findConversationOf(this.conversations, recording);
    if (!conversation) return null;
    const { id: _i, organizationId: _o, createdAt: _c, transcribingUntil, ...view } = conversation.snapshot();
    return {
      ...view,
      segments: [...view.segments],
      transcribed: conversation.hasTranscriptOf(q.recordingId),
      transcribing: transcribingUntil !== null && transcribingUntil > this.clock.now(),
    };
  }
}
