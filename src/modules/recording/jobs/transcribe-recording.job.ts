import { Injectable, Logger } from '@nestjs/common';
import { TranscriptionError } from '@domain/recording/ports/transcriber.port';
import { TransactionalCommandBus } from '../../shared';
import { ReleaseTranscriptionCommand } from '../commands/release-transcription/release-transcription.command';
import { RecordingAccessService } from '../recording-access.service';
import { NO_TRANSCRIBER, RecordingTranscriptsService } from '../recording-transcripts.service';

/**
 * A stored call recording becomes its conversation: transcribed once (scoring asking at the same
 * time waits for this rather than paying again), summarised. A conversation written by a person
 * is never replaced.
 */
@Injectable()
export class TranscribeRecordingJob {
  private readonly logger = new Logger(TranscribeRecordingJob.name);

  constructor(
    private readonly access: RecordingAccessService,
    private readonly transcripts: RecordingTranscriptsService,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async run(data: { organizationId: string; recordingId: string }, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    const recording = await this.access.get(data.organizationId, data.recordingId);
    if (recording.status !== 'stored') return;
    if (!this.transcripts.configured) {
      await this.commands.execute(
        new ReleaseTranscriptionCommand({ organizationId: data.organizationId, recordingId: recording.id, note: NO_TRANSCRIBER }),
      );
      return;
    }
    const last = attempt.retryCount >= attempt.retryLimit;
    try {
      await this.transcripts.transcriptOf(data.organizationId, recording.id, { lastAttempt: last });
    } catch (error) {
      const retryable = !(error instanceof TranscriptionError) || error.retryable;
      this.logger.warn({ err: error, recordingId: recording.id, retryable, last }, 'transcription failed');
      // The conversation already says why when this was the end of it.
      if (retryable && !last) throw error;
    }
  }
}
