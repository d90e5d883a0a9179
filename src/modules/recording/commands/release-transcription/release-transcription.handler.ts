import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Conversation } from '@domain/recording/conversation.aggregate';
import { ConversationRepository, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ReleaseTranscriptionCommand } from './release-transcription.command';
import { existingRecording } from '@domain/recording/existing-recording';

@CommandHandler(ReleaseTranscriptionCommand)
export class ReleaseTranscriptionHandler implements ICommandHandler<ReleaseTranscriptionCommand, void> {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReleaseTranscriptionCommand): Promise<void> {
    const recording = await existingRecording(this.recordings, c.organizationId, c.recordingId);
    const callId = recording.snapshot().callId;
    let conversation = callId
      ? await this.conversations.findByCall(c.organizationId, callId)
      : await this.conversations.findByRecording(c.organizationId, c.recordingId);
    if (!conversation) {
      if (c.note === null) return;
      conversation = Conversation.start(
        c.organizationId,
        callId ? { callId, recordingId: null } : { callId: null, recordingId: c.recordingId },
        this.clock.now(),
      );
    }
    if (c.note !== null && conversation.snapshot().transcript === null) conversation.noteNoTranscription(c.note);
    else conversation.releaseTranscription();
    await this.conversations.save(conversation);
  }
}
