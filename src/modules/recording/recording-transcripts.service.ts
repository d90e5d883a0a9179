import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { AudioChannelSplitter } from '@domain/recording/ports/audio-channel-splitter.port';
import { AudioNotSplittableError, AudioSegmenter } from '@domain/recording/ports/audio-segmenter.port';
import { CallSummarizer } from '@domain/recording/ports/call-summarizer.port';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import type { RecordingTranscriptView, RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import { Transcriber, TranscriptionError, type Transcript, type TranscriptSegment } from '@domain/recording/ports/transcriber.port';
import { channelSpeakers, UNKNOWN_SPEAKER } from '@domain/recording/speaker-roles';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { GetCallQuery } from '../telephony';
import { ClaimTranscriptionCommand } from './commands/claim-transcription/claim-transcription.command';
import { RecordTranscriptCommand } from './commands/record-transcript/record-transcript.command';
import { ReleaseTranscriptionCommand } from './commands/release-transcription/release-transcription.command';
import { GetRecordingQuery } from './queries/get-recording/get-recording.query';
import { GetRecordingTranscriptQuery } from './queries/get-recording-transcript/get-recording-transcript.query';

export interface MergedTranscript {
  text: string;
  segments: TranscriptSegment[];
  language: string | null;
  model: string;
}

export const NO_TRANSCRIBER = 'No transcription service is configured (TRANSCRIPTION_API_URL); write the conversation through the API';

/** Room left in each request for the form fields around the file (they take well under 1 KB). */
export const REQUEST_OVERHEAD_BYTES = 4096;

/** How often a caller waiting for another's transcription of the same recording looks again. */
const WAIT_POLL_MS = 500;

/**
 * Speech to text of stored recordings, once per recording: the transcript is kept in the
 * recording's conversation (its call's, or an upload's own) and every later asker (the
 * transcription job, scoring, rescoring, a retried analysis) gets that. Concurrent askers do not
 * both pay: one claims the recording (a lease on its conversation row), the others wait for its
 * transcript.
 *
 * Dual-channel audio is transcribed per channel (speakers named by the call, or `channel:1` and
 * `channel:2` for an upload) and merged by time. Audio larger than one request may carry
 * (TRANSCRIPTION_MAX_UPLOAD_BYTES) is sent in time pieces when it is PCM WAV, their timestamps
 * shifted by each piece's start; other formats that large are refused with the reason, unsent.
 */
@Injectable()
export class RecordingTranscriptsService {
  private readonly logger = new Logger(RecordingTranscriptsService.name);

  constructor(
    private readonly storage: ObjectStorage,
    private readonly splitter: AudioChannelSplitter,
    private readonly segmenter: AudioSegmenter,
    private readonly transcriber: Transcriber,
    private readonly summarizer: CallSummarizer,
    private readonly settings: RecordingSettings,
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
  ) {}

  get configured(): boolean {
    return this.transcriber.configured;
  }

  /** The recording's conversation as it stands (null: none yet), without transcribing. */
  stored(organizationId: string, recordingId: string): Promise<RecordingTranscriptView | null> {
    return this.queries.execute(new GetRecordingTranscriptQuery({ organizationId, recordingId }));
  }

  /**
   * The recording's transcript, transcribing it first if nobody has (and waiting, if someone is
   * at it). Null when there is none to be had: no transcriber, or not a stored recording. A
   * failed transcription throws (TranscriptionError says whether another attempt may work); on
   * the `lastAttempt`, or when it may not, the conversation keeps the reason.
   */
  async transcriptOf(
    organizationId: string,
    recordingId: string,
    options: { lastAttempt: boolean },
  ): Promise<RecordingTranscriptView | null> {
    let waiting = false;
    for (;;) {
      const current = await this.stored(organizationId, recordingId);
      if (current?.transcribed) return current;
      if (!this.configured) return null;
      const recording = await this.queries.execute(new GetRecordingQuery({ organizationId, recordingId }));
      if (!recording || recording.status !== 'stored') return null;
      const claim = await this.commands.execute(new ClaimTranscriptionCommand({ organizationId, recordingId }));
      if (claim === 'claimed') {
        await this.transcribeClaimed(organizationId, recording, options);
        continue;
      }
      if (claim === 'busy') {
        // Its holder writes the transcript, or lets go, or its lease runs out: each ends the wait.
        if (!waiting) this.logger.debug({ recordingId }, 'waiting for the transcription under way');
        waiting = true;
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      }
    }
  }

  private async transcribeClaimed(organizationId: string, recording: RecordingView, options: { lastAttempt: boolean }): Promise<void> {
    try {
      const call = recording.callId ? await this.queries.execute(new GetCallQuery({ organizationId, callId: recording.callId })) : null;
      const speakers = call
        ? channelSpeakers({ direction: call.direction, agentUserId: call.answeredByUserId ?? call.agentUserId })
        : undefined;
      const t = await this.transcribe(recording, speakers);
      const summary = await this.summary(t, call?.direction ?? null, recording.id);
      await this.commands.execute(
        new RecordTranscriptCommand({
          organizationId,
          recordingId: recording.id,
          content: { transcript: t.text, segments: t.segments, summary, language: t.language },
          writtenBy: `transcriber:${t.model}`,
        }),
      );
    } catch (error) {
      const final = options.lastAttempt || (error instanceof TranscriptionError && !error.retryable);
      const note = final ? `Transcription failed: ${(error as Error).message}`.slice(0, 500) : null;
      await this.commands
        .execute(new ReleaseTranscriptionCommand({ organizationId, recordingId: recording.id, note }))
        .catch((e: unknown) => {
          this.logger.warn({ err: e, recordingId: recording.id }, 'could not release the transcription; its lease will run out');
        });
      throw error;
    }
  }

  /** The summary, or null when the model failed: the transcript is worth keeping without one. */
  private async summary(
    t: { text: string; segments: TranscriptSegment[]; language: string | null },
    direction: 'inbound' | 'outbound' | null,
    recordingId: string,
  ): Promise<string | null> {
    try {
      return (await this.summarizer.summarize(t, direction)).summary;
    } catch (error) {
      this.logger.warn({ err: error, recordingId }, 'summary failed; the conversation is written without one');
      return null;
    }
  }

  /**
   * Speech to text of the stored audio, always paid for: use transcriptOf. `speakers` names the
   * channels of a dual-channel recording (see channelSpeakers); without them the channels stay
   * apart as `channel:1` and `channel:2`, and a mono one is `unknown`.
   */
  async transcribe(recording: RecordingView, speakers?: readonly string[]): Promise<MergedTranscript> {
    if (recording.status !== 'stored' || !recording.objectKey) throw new Error(`The recording is ${recording.status}, not transcribable`);
    const limit = this.settings.transcriptionMaxUploadBytes;
    const contentType = recording.contentType ?? 'audio/wav';
    const extension = recording.objectKey.split('.').pop() ?? 'wav';
    const isWav = /wav/i.test(contentType);
    const fileLimit = limit - REQUEST_OVERHEAD_BYTES;
    // Refused before a byte is read: no service takes it whole, and only PCM WAV is cut here.
    if (!isWav && recording.sizeBytes !== null && recording.sizeBytes > fileLimit) {
      throw new TranscriptionError(
        `The ${extension.toUpperCase()} file is ${recording.sizeBytes} bytes, more than the ${limit} bytes one transcription request may carry (TRANSCRIPTION_MAX_UPLOAD_BYTES); only PCM WAV audio is cut into pieces`,
        false,
        null,
      );
    }
    let channels: Readable[] = [];
    try {
      const { body } = await this.storage.get(recording.objectKey);
      channels = recording.channels > 1 ? await this.splitter.split(body, contentType) : [body];
      const labelled = channels.length > 1;
      // Whole and small enough: sent as stored. Otherwise (a channel of a split, or too large) cut by time as needed.
      const whole = !labelled && (recording.sizeBytes === null || recording.sizeBytes <= fileLimit);
      const transcripts = await Promise.all(
        channels.map((stream, i) => {
          const speaker = labelled ? (speakers?.[i] ?? `channel:${i + 1}`) : UNKNOWN_SPEAKER;
          const name = `${recording.id}${labelled ? `-channel-${i + 1}` : ''}`;
          if (whole) return this.transcriber.transcribe(stream, { fileName: `${name}.${extension}`, contentType, speaker });
          return this.inPieces(stream, { name, speaker, fileLimit });
        }),
      );
      const segments = transcripts.flatMap((t) => t.segments).sort((a, b) => a.startMs - b.startMs || a.speaker.localeCompare(b.speaker));
      return {
        text: labelled ? segments.map((s) => `${s.speaker}: ${s.text}`).join('\n') : (transcripts[0]?.text ?? ''),
        segments,
        language: transcripts.find((t) => t.language)?.language ?? null,
        model: transcripts[0]?.model ?? 'unknown',
      };
    } catch (error) {
      // A failed channel must not leave the other waiting on backpressure.
      for (const c of channels) c.destroy();
      if (error instanceof AudioNotSplittableError) {
        throw new TranscriptionError(
          `The audio is larger than one transcription request may carry (${limit} bytes) and cannot be cut: ${error.message}`,
          false,
          null,
        );
      }
      throw error;
    }
  }

  /** A WAV stream transcribed piece by piece, in order; each piece's timestamps shifted by its start. */
  private async inPieces(wav: Readable, file: { name: string; speaker: string; fileLimit: number }): Promise<Transcript> {
    const parts: Transcript[] = [];
    const segments: TranscriptSegment[] = [];
    let index = 0;
    for await (const piece of this.segmenter.segments(wav, file.fileLimit)) {
      index += 1;
      const t = await this.transcriber.transcribe(piece.audio, {
        fileName: `${file.name}${index > 1 || piece.startMs > 0 ? `-part-${index}` : ''}.wav`,
        contentType: 'audio/wav',
        speaker: file.speaker,
      });
      parts.push(t);
      for (const s of t.segments) segments.push({ ...s, startMs: s.startMs + piece.startMs, endMs: s.endMs + piece.startMs });
    }
    return {
      text: parts
        .map((p) => p.text)
        .filter((text) => text !== '')
        .join(' '),
      segments,
      language: parts.find((p) => p.language)?.language ?? null,
      model: parts[0]?.model ?? 'unknown',
    };
  }
}
