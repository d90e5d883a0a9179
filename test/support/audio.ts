import { wavHeader } from '../../src/infrastructure/audio/wav-channel-splitter';

/**
 * A 16-bit PCM WAV at 8 kHz (Twilio's format), `frames` long, each sample given by
 * `sample(frame, channel)`; silence by default.
 */
export function pcmWav(options: { frames: number; channels?: number; sample?: (frame: number, channel: number) => number }): Buffer {
  const channels = options.channels ?? 1;
  const data = Buffer.alloc(options.frames * channels * 2);
  if (options.sample) {
    for (let f = 0; f < options.frames; f++) {
      for (let c = 0; c < channels; c++) data.writeInt16LE(Math.round(options.sample(f, c)), (f * channels + c) * 2);
    }
  }
  return Buffer.concat([wavHeader({ channels, sampleRate: 8000, bitsPerSample: 16, dataBytes: data.length }), data]);
}
