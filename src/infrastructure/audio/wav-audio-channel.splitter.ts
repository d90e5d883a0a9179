import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AudioChannelSplitter } from '@domain/recording/ports/audio-channel-splitter.port';
import { splitWavChannels, WavFormatError, WavHeaderParser, type WavFormat } from './wav-channel-splitter';

/**
 * Integer PCM WAV is split per channel on the fly. Other formats go through whole, as one
 * channel, and so does a WAV of another encoding (mu-law, IEEE float, ADPCM...), which the
 * splitter cannot split: its header is read first, then the stream is replayed from its start.
 */
@Injectable()
export class WavAudioChannelSplitter extends AudioChannelSplitter {
  async split(audio: Readable, contentType: string): Promise<Readable[]> {
    if (!/wav/i.test(contentType)) return [audio];
    const { format, replay } = await readHeader(audio);
    if (format.formatCode !== 1) return [replay];
    return (await splitWavChannels(replay)).outputs;
  }
}

/** Reads `audio` up to its data chunk; `replay` yields every byte from the first, then the rest as it comes. */
async function readHeader(audio: Readable): Promise<{ format: WavFormat; replay: Readable }> {
  const iterator = audio[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parser = new WavHeaderParser({ anyEncoding: true });
  const seen: Buffer[] = [];
  let format: WavFormat | null = null;
  try {
    while (format === null) {
      const next = await iterator.next();
      if (next.done) throw new WavFormatError('Not a WAV file: the stream ended before the data chunk');
      seen.push(next.value);
      format = parser.push(next.value)?.format ?? null;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* seen.splice(0);
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Destroyed early (or done): stop reading the input too.
      await iterator.return?.();
    }
  }
  return { format, replay: Readable.from(replay(), { objectMode: false }) };
}
