import { Injectable, Logger } from '@nestjs/common';
import type { ConversationView } from '../../../domain/recording/ports/recording-read-model.port';
import { CallSummarizer } from '../../../domain/recording/ports/call-summarizer.port';
import { TranscriptionError, type TranscriptSegment } from '../../../domain/recording/ports/transcriber.port';
import { channelSpeakers } from '../../../domain/recording/speaker-roles';
import type { CallDetailView } from '../../../domain/telephony/ports/telephony-read-model.port';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { GetCallQuery } from '../../telephony';
import { NoteTranscriptionSkippedCommand } from '../commands/note-transcription-skipped/note-transcription-skipped.command';
import { WriteConversationCommand } from '../commands/write-conversation/write-conversation.command';
import { GetConversationQuery } from '../queries/get-conversation/get-conversation.query';
import { RecordingAccessService } from '../recording-access.service';
import { NO_TRANSCRIBER, RecordingTranscriptsService } from '../recording-transcripts.service';

/** A stored call recording becomes its conversation. A conversation written by a person is never replaced. */
@Injectable()
export class TranscribeRecordingJob {
  private readonly logger = new Logger(TranscribeRecordingJob.name);

  constructor(
    private readonly access: RecordingAccessService,
    private readonly transcripts: RecordingTranscriptsService,
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly summarizer: CallSummarizer,
  ) {}

  /** The summary, or null when the model failed: the transcript is worth keeping without one. */
  private async summary(t: { text: string; segments: TranscriptSegment[]; language: string | null }, direction: 'inbound' | 'outbound' | null, recordingId: string): Promise<string | null> {
    try {
      return (await this.summarizer.summarize(t, direction)).summary;
    } catch (error) {
      this.logger.warn({ err: error, recordingId }, 'summary failed; the conversation is written without one');
      return null;
    }
  }

  async run(data: { organizationId: string; recordingId: string }, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    const recording = await this.access.get(data.organizationId, data.recordingId);
    if (!recording.callId || recording.status !== 'stored') return;
    const callId = recording.callId;
    if (!this.transcripts.configured) {
      await this.commands.execute(new NoteTranscriptionSkippedCommand(data.organizationId, callId, NO_TRANSCRIBER));
      return;
    }
    const existing = await this.queries.execute<ConversationView | null>(new GetConversationQuery(data.organizationId, callId));
    if (existing?.source === 'api') return;
    try {
      const call = await this.queries.execute<CallDetailView | null>(new GetCallQuery(data.organizationId, callId));
      const speakers = call ? channelSpeakers({ direction: call.direction, agentUserId: call.answeredByUserId ?? call.agentUserId }) : undefined;
      const t = await this.transcripts.transcribe(recording, speakers);
      const summary = await this.summary(t, call?.direction ?? null, recording.id);
      await this.commands.execute(
        new WriteConversationCommand(
          data.organizationId,
          callId,
          { transcript: t.text, segments: t.segments, summary, language: t.language },
          'transcriber',
          `transcriber:${t.model}`,
        ),
      );
    } catch (error) {
      const retryable = !(error instanceof TranscriptionError) || error.retryable;
      const last = attempt.retryCount >= attempt.retryLimit;
      this.logger.warn({ err: error, recordingId: recording.id, retryable, last }, 'transcription failed');
      if (retryable && !last) throw error;
      await this.commands.execute(new NoteTranscriptionSkippedCommand(data.organizationId, callId, `Transcription failed: ${(error as Error).message}`.slice(0, 500)));
    }
  }
}
