import type { Readable } from 'node:stream';

export interface TranscriptSegment {
  /** `channel:0`, `channel:1`, or a speaker label. */
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  language: string | null;
  model: string;
}

/**
 * Speech to text. `configured` is false when no service is set up: callers then leave the
 * conversation empty and say why, rather than fail.
 */
export abstract class Transcriber {
  abstract readonly configured: boolean;
  /** One audio file (one channel); `speaker` labels its segments. */
  abstract transcribe(
    audio: Readable,
    options: { fileName: string; contentType: string; speaker: string; language?: string },
  ): Promise<Transcript>;
}

/** The transcription service refused or failed; `retryable` when a later attempt may work. */
export class TranscriptionError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'TranscriptionError';
  }
}
