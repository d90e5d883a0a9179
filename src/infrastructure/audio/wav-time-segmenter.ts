import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AudioNotSplittableError, AudioSegmenter, type AudioSegment } from '@domain/recording/ports/audio-segmenter.port';
import { WavFormatError, WavHeaderParser, wavHeader, type WavFormat } from './wav-channel-splitter';

const HEADER_BYTES = 44;

/** Whole frames that fit in one piece of at most `maxFileBytes` (its 44-byte header included). */
export function framesPerSegment(blockAlign: number, maxFileBytes: number): number {
  const frames = Math.floor((maxFileBytes - HEADER_BYTES) / blockAlign);
  if (frames < 1) throw new AudioNotSplittableError(`A ${blockAlign}-byte frame does not fit in ${maxFileBytes} bytes`);
  return frames;
}

/**
 * Where the pieces of `dataBytes` bytes of PCM start, in data bytes: every piece but the last
 * holds `framesPerSegment` frames. (Tests place their words away from these cuts.)
 */
export function segmentOffsets(dataBytes: number, blockAlign: number, maxFileBytes: number): number[] {
  const step = framesPerSegment(blockAlign, maxFileBytes) * blockAlign;
  const offsets: number[] = [];
  for (let at = 0; at < dataBytes; at += step) offsets.push(at);
  return offsets;
}

/**
 * Cuts an integer PCM WAV stream by time into WAV files of at most `maxFileBytes`, each with a
 * canonical 44-byte header and a whole number of frames, as the bytes arrive: memory holds one
 * input chunk. A WAV that fits is one piece (header rewritten, chunks other than `fmt ` and
 * `data` left out). A data chunk of unknown size (0xFFFFFFFF) gives pieces that say so too.
 * A cut may fall inside a word: the service hears it split across two pieces.
 */
@Injectable()
export class WavTimeSegmenter extends AudioSegmenter {
  async *segments(audio: Readable, maxFileBytes: number): AsyncGenerator<AudioSegment> {
    const input = audio[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      const parser = new WavHeaderParser();
      let format: WavFormat | null = null;
      let pending: Buffer = Buffer.alloc(0);
      while (format === null) {
        const next = await input.next();
        if (next.done) throw new WavFormatError('Not a WAV file: the stream ended before the data chunk');
        let header: ReturnType<WavHeaderParser['push']>;
        try {
          header = parser.push(next.value);
        } catch (error) {
          if (error instanceof WavFormatError)
            throw new AudioNotSplittableError(`Only integer PCM WAV audio can be cut into pieces: ${error.message}`);
          throw error;
        }
        if (header) {
          format = header.format;
          pending = header.rest;
        }
      }
      const f = format;
      const step = framesPerSegment(f.blockAlign, maxFileBytes) * f.blockAlign;
      let remaining = f.dataBytes;
      let exhausted = false;
      let framesBefore = 0;
      /** Makes `pending` hold bytes, unless the input has ended. */
      const fill = async (): Promise<void> => {
        while (pending.length === 0 && !exhausted) {
          const next = await input.next();
          if (next.done) exhausted = true;
          else pending = next.value;
        }
      };

      for (;;) {
        if (remaining === null) {
          await fill();
          if (exhausted && pending.length === 0) return;
        } else if (remaining <= 0) {
          return;
        }
        const size = remaining === null ? null : Math.min(step, remaining);
        let sent = 0;
        let settle!: { done: () => void; fail: (error: Error) => void };
        const finished = new Promise<void>((done, fail) => (settle = { done, fail }));
        finished.catch(() => undefined);
        let complete = false;
        async function* piece(): AsyncGenerator<Buffer> {
          try {
            yield wavHeader({ channels: f.channels, sampleRate: f.sampleRate, bitsPerSample: f.bitsPerSample, dataBytes: size });
            const want = size ?? step;
            while (sent < want) {
              await fill();
              if (pending.length === 0) break;
              const take = pending.subarray(0, want - sent);
              pending = pending.subarray(take.length);
              sent += take.length;
              yield take;
            }
            if (size !== null && sent < size)
              throw new Error(`Truncated WAV file: the data chunk ended ${size - sent} bytes short of its declared size`);
            complete = true;
          } finally {
            if (complete) settle.done();
            else settle.fail(new Error('The piece was not read to its end'));
          }
        }
        const stream = Readable.from(piece(), { objectMode: false });
        // Destroyed before it was read at all, the generator never runs: its close says so.
        stream.once('close', () => {
          if (!complete) settle.fail(new Error('The piece was not read to its end'));
        });
        yield { startMs: Math.round((framesBefore * 1000) / f.sampleRate), audio: stream };
        await finished;
        framesBefore += Math.floor(sent / f.blockAlign);
        if (remaining !== null) remaining -= sent;
        else if (sent < step) return;
      }
    } finally {
      // Done, failed or abandoned: stop reading the input.
      await input.return?.();
    }
  }
}
