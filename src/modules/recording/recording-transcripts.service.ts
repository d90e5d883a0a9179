import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AudioChannelSplitter } from '../../domain/recording/ports/audio-channel-splitter.port';
import { ObjectStorage } from '../../domain/recording/ports/object-storage.port';
import type { RecordingView } from '../../domain/recording/ports/recording-read-model.port';
import { Transcriber, type TranscriptSegment } from '../../domain/recording/ports/transcriber.port';
import { UNKNOWN_SPEAKER } from '../../domain/recording/speaker-roles';

export interface MergedTranscript {
  text: string;
  segments: TranscriptSegment[];
  language: string | null;
  model: string;
}

export const NO_TRANSCRIBER = 'No transcription service is configured (TRANSCRIPTION_API_URL); write the conversation through the API';

/** Speech to text of a stored recording: one transcription per channel of dual-channel audio, merged by time. */
@Injectable()
export class RecordingTranscriptsService {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly splitter: AudioChannelSplitter,
    private readonly transcriber: Transcriber,
  ) {}

  get configured(): boolean {
    return this.transcriber.configured;
  }

  /**
   * `speakers` names the channels of a dual-channel recording (see channelSpeakers); without
   * them the channels stay apart as `channel:1` and `channel:2`, and a mono one is `unknown`.
   */
  async transcribe(recording: RecordingView, speakers?: readonly string[]): Promise<MergedTranscript> {
    if (recording.status !== 'stored' || !recording.objectKey) throw new Error(`The recording is ${recording.status}, not transcribable`);
    let channels: Readable[] = [];
    try {
      const { body } = await this.storage.get(recording.objectKey);
      channels = recording.channels > 1 ? await this.splitter.split(body, recording.contentType ?? 'audio/wav') : [body];
      const labelled = channels.length > 1;
      const transcripts = await Promise.all(
        channels.map((stream, i) =>
          this.transcriber.transcribe(stream, {
            fileName: `${recording.id}${labelled ? `-channel-${i + 1}` : ''}.${labelled ? 'wav' : (recording.objectKey!.split('.').pop() ?? 'wav')}`,
            contentType: labelled ? 'audio/wav' : (recording.contentType ?? 'audio/wav'),
            speaker: labelled ? (speakers?.[i] ?? `channel:${i + 1}`) : UNKNOWN_SPEAKER,
          }),
        ),
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
      throw error;
    }
  }
}
