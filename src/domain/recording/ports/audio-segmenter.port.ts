import type { Readable } from 'node:stream';

/** One consecutive piece of a longer audio file, itself a complete file of the same format. */
export interface AudioSegment {
  /** Where the piece starts in the whole audio: a transcript of the piece is shifted by this. */
  startMs: number;
  /** The piece as a file (header included). Consume it (or destroy it) before asking for the next. */
  audio: Readable;
}

/** The audio cannot be cut into pieces of the size asked for (not PCM WAV, or a frame larger than the size). */
export class AudioNotSplittableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioNotSplittableError';
  }
}

/**
 * Cuts audio by time into files of at most `maxFileBytes` each, on frame boundaries, as it
 * streams: a transcription service that refuses large files gets it piece by piece. Audio that
 * fits comes back as one piece. Pieces come in order; each must be consumed before the next.
 */
export abstract class AudioSegmenter {
  abstract segments(audio: Readable, maxFileBytes: number): AsyncGenerator<AudioSegment>;
}
