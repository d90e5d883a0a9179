import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { AudioInspection } from '@domain/recording/audio-inspection';
import type { AudioStreamInspection } from '@domain/recording/ports/audio-inspector.port';

export interface AudioCheckOptions {
  /** The error a refusal becomes (its reason is the message). */
  refuse: (reason: string) => Error;
  /** Whether the whole stream is acceptable, once it has ended: the reason it is not, or null. */
  verdict: (inspection: AudioInspection) => string | null;
  /** More bytes than this fail the stream with `tooLarge()`. */
  maxBytes?: { limit: number; tooLarge: () => Error };
  /** The length the sender announced: more bytes, or fewer at the end, are refused with `lengthProblem`. */
  announced?: { bytes: number; problem: (received: number) => string | null } | null;
}

/**
 * Passes audio through unchanged on its way into storage while inspecting its container,
 * hashing and counting it. It fails, so that the upload fails and nothing is kept, as soon as
 * the bytes are certainly wrong (not a WAV at all, longer than announced or allowed) and at the
 * end when the whole is not acceptable; `refusal` then holds the error it failed with, whatever
 * error storage reports for it.
 */
export class AudioCheckStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;
  private digest: string | null = null;
  private result: AudioInspection | null = null;
  private refused: Error | null = null;

  constructor(
    private readonly inspection: AudioStreamInspection,
    private readonly options: AudioCheckOptions,
  ) {
    super();
    // A refusal may come before storage reads this stream: without a listener that 'error' would
    // be uncaught. Storage still fails with it (the stream stays errored).
    this.on('error', () => undefined);
  }

  /** `source` piped through this check; an error of the source fails it too (and a refusal stops the source). */
  static over(source: Readable, check: AudioCheckStream): AudioCheckStream {
    source.on('error', (error) => check.destroy(error));
    check.on('close', () => {
      if (!source.readableEnded) source.destroy();
    });
    return source.pipe(check);
  }

  get bytes(): number {
    return this.count;
  }

  /** Hex SHA-256 of every byte that passed, once the stream has ended. */
  get sha256(): string {
    if (this.digest === null) throw new Error('The stream has not ended yet');
    return this.digest;
  }

  /** What the bytes were, once the stream has ended. */
  get inspected(): AudioInspection {
    if (this.result === null) throw new Error('The stream has not ended yet');
    return this.result;
  }

  /** The error the bytes were refused with, if they were. */
  get refusal(): Error | null {
    return this.refused;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    const { maxBytes, announced } = this.options;
    if (maxBytes && this.count > maxBytes.limit) return done(this.refuseWith(maxBytes.tooLarge()));
    if (announced && this.count > announced.bytes)
      return done(this.refuseWith(this.options.refuse(announced.problem(this.count) ?? 'Longer than announced')));
    this.hash.update(chunk);
    this.inspection.push(chunk);
    if (this.inspection.problem) return done(this.refuseWith(this.options.refuse(this.inspection.problem)));
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.result = this.inspection.end();
    const { announced } = this.options;
    const short = announced ? announced.problem(this.count) : null;
    if (short) return done(this.refuseWith(this.options.refuse(short)));
    const reason = this.options.verdict(this.result);
    if (reason) return done(this.refuseWith(this.options.refuse(reason)));
    this.digest = this.hash.digest('hex');
    done();
  }

  private refuseWith(error: Error): Error {
    this.refused ??= error;
    return error;
  }
}
