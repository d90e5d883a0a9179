import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AudioChannelSplitter } from '../../../domain/recording/ports/audio-channel-splitter.port';
import { ObjectStorage } from '../../../domain/recording/ports/object-storage.port';
import type { ConversationView } from '../../../domain/recording/ports/recording-read-model.port';
import { Transcriber, TranscriptionError, type TranscriptSegment } from '../../../domain/recording/ports/transcriber.port';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { NoteTranscriptionSkippedCommand } from '../commands/note-transcription-skipped/note-transcription-skipped.command';
import { WriteConversationCommand } from '../commands/write-conversation/write-conversation.command';
import { GetConversationQuery } from '../queries/get-conversation/get-conversation.query';
import { RecordingAccessService } from '../recording-access.service';

export const NO_TRANSCRIBER = 'No transcription service is configured (TRANSCRIPTION_API_URL); write the conversation through the API';

/**
 * A stored call recording becomes its conversation: one transcription per channel for
 * dual-channel audio, merged by time. A conversation written by a person is never replaced.
 */
@Injectable()
export class TranscribeRecordingJob {
  private readonly logger = new Logger(TranscribeRecordingJob.name);

  constructor(
    private readonly access: RecordingAccessService,
    private readonly storage: ObjectStorage,
    private readonly splitter: AudioChannelSplitter,
    private readonly transcriber: Transcriber,
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async run(data: { organizationId: string; recordingId: string }, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    const recording = await this.access.get(data.organizationId, data.recordingId);
    if (!recording.callId || recording.status !== 'stored' || !recording.objectKey) return;
    const callId = recording.callId;
    if (!this.transcriber.configured) {
      await this.commands.execute(new NoteTranscriptionSkippedCommand(data.organizationId, callId, NO_TRANSCRIBER));
      return;
    }
    const existing = await this.queries.execute<ConversationView | null>(new GetConversationQuery(data.organizationId, callId));
    if (existing?.source === 'api') return;

    let channels: Readable[] = [];
    try {
      const { body } = await this.storage.get(recording.objectKey);
      channels = recording.channels > 1 ? await this.splitter.split(body, recording.contentType ?? 'audio/wav') : [body];
      const labelled = channels.length > 1;
      const transcripts = await Promise.all(
        channels.map((stream, i) =>
          this.transcriber.transcribe(stream, {
            fileName: `${recording.id}${labelled ? `-channel-${i + 1}` : ''}.wav`,
            contentType: 'audio/wav',
            speaker: labelled ? `channel:${i + 1}` : 'speaker',
          }),
        ),
      );
      const segments: TranscriptSegment[] = transcripts.flatMap((t) => t.segments).sort((a, b) => a.startMs - b.startMs || a.speaker.localeCompare(b.speaker));
      const text = labelled ? segments.map((s) => `${s.speaker}: ${s.text}`).join('\n') : (transcripts[0]?.text ?? '');
      await this.commands.execute(
        new WriteConversationCommand(
          data.organizationId,
          callId,
          { transcript: text, segments, summary: null, language: transcripts.find((t) => t.language)?.language ?? null },
          'transcriber',
          `transcriber:${transcripts[0]?.model ?? 'unknown'}`,
        ),
      );
    } catch (error) {
      for (const c of channels) c.destroy();
      const retryable = !(error instanceof TranscriptionError) || error.retryable;
      const last = attempt.retryCount >= attempt.retryLimit;
      this.logger.warn({ err: error, recordingId: recording.id, retryable, last }, 'transcription failed');
      if (retryable && !last) throw error;
      await this.commands.execute(new NoteTranscriptionSkippedCommand(data.organizationId, callId, `Transcription failed: ${(error as Error).message}`.slice(0, 500)));
    }
  }
}
