import { randomBytes } from 'node:crypto';
import { wavHeader } from '@infrastructure/audio/wav-channel-splitter';
import { transcriptTag, type FakeSegment } from '../fakes/fake-transcription-server';

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

/**
 * A 16-bit 8 kHz WAV header declaring `dataBytes` of audio in `channels` channels, followed by
 * `body` as given (shorter, longer or other than what the header says).
 */
export function wavHeaderThen(options: { channels?: number; dataBytes: number }, body: Buffer): Buffer {
  return Buffer.concat([
    wavHeader({ channels: options.channels ?? 1, sampleRate: 8000, bitsPerSample: 16, dataBytes: options.dataBytes }),
    body,
  ]);
}

/** The seconds of audio in a WAV made by `pcmWav` (16-bit, 8 kHz). */
export function pcmWavSeconds(wav: Buffer, channels: number): number {
  return (wav.length - 44) / (8000 * 2 * channels);
}

/** `RIFF....WAVE` then `n` random bytes, the first of them not ASCII (so never a chunk id by chance). */
export function riffWaveThenRandom(n: number): Buffer {
  const junk = randomBytes(n);
  junk[0] = 0x80 | junk[0]!;
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0xff, 0xff, 0x00, 0x00]), Buffer.from('WAVE', 'latin1'), junk]);
}

/**
 * A stereo 16-bit 8 kHz PCM WAV as Twilio records calls. Each channel's own bytes start with
 * a transcript tag, so once the recording is split per channel, the fake speech-to-text
 * answers each channel with that channel's segments. `unique` ends each channel with random
 * bytes, so two files never share a hash (uploads are deduplicated by it).
 */
export function taggedStereoWav(channel1: FakeSegment[], channel2: FakeSegment[], seconds = 8, options: { unique?: boolean } = {}): Buffer {
  const frames = 8000 * seconds;
  const channel = (segments: FakeSegment[], pitch: number): Buffer => {
    const pcm = Buffer.alloc(frames * 2);
    for (let i = 0; i < frames; i++) pcm.writeInt16LE(Math.round(Math.sin(i / pitch) * 6000), i * 2);
    transcriptTag(segments).copy(pcm, 0);
    if (options.unique) randomBytes(8).copy(pcm, pcm.length - 8);
    return pcm;
  };
  const [a, b] = [channel(channel1, 9), channel(channel2, 13)];
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    a.copy(data, i * 4, i * 2, i * 2 + 2);
    b.copy(data, i * 4 + 2, i * 2, i * 2 + 2);
  }
  return Buffer.concat([wavHeader({ channels: 2, sampleRate: 8000, bitsPerSample: 16, dataBytes: data.length }), data]);
}
