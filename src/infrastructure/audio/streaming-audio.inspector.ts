import { Injectable } from '@nestjs/common';
import type { AudioInspection } from '@domain/recording/audio-inspection';
import { AudioInspector, type AudioStreamInspection } from '@domain/recording/ports/audio-inspector.port';
import { sniffAudio } from '@domain/recording/upload';
import { describeWavFormatCode, WavFormatError, WavHeaderParser, type WavFormat } from './wav-channel-splitter';

/** Bytes kept to recognise the format (RIFF....WAVE is 12). */
const SNIFF_BYTES = 12;

/**
 * Inspects audio as it streams: WAV through the splitter's own header parser (any encoding),
 * then the data chunk counted to its declared end; MP3 frame by frame from its sync headers,
 * past ID3 tags. Holds a header's worth of bytes at most, whatever the file's size.
 */
@Injectable()
export class StreamingAudioInspector extends AudioInspector {
  inspect(format: string): AudioStreamInspection {
    return new Inspection(format);
  }
}

type Parsed = Pick<AudioInspection, 'encoding' | 'bitsPerSample' | 'channels' | 'sampleRate' | 'durationSeconds' | 'problem'>;

interface ContainerInspection {
  readonly problem: string | null;
  push(chunk: Buffer): void;
  end(): Parsed;
}

class Inspection implements AudioStreamInspection {
  private head = Buffer.alloc(0);
  private total = 0;
  private ended = false;
  private readonly container: ContainerInspection | null;

  constructor(private readonly expected: string) {
    this.container = expected === 'wav' ? new WavInspection() : expected === 'mp3' ? new Mp3Inspection() : null;
  }

  get problem(): string | null {
    return this.container?.problem ?? null;
  }

  push(chunk: Buffer): void {
    if (this.ended) throw new Error('The inspection has ended');
    this.total += chunk.length;
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.container?.push(chunk);
  }

  end(): AudioInspection {
    this.ended = true;
    const sniffed = sniffAudio(this.head);
    const base = { format: sniffed, totalBytes: this.total };
    // Nothing read past the first bytes: the audio's properties stay unknown.
    const unparsed = (problem: string | null): AudioInspection => ({
      ...base,
      parsed: false,
      encoding: null,
      bitsPerSample: null,
      channels: null,
      sampleRate: null,
      durationSeconds: null,
      problem,
    });
    if (this.total === 0) return unparsed('The file is empty');
    if (!this.container) {
      // Only recognised by its first bytes: no parser for this container.
      return unparsed(sniffed === this.expected ? null : `Not ${this.expected.toUpperCase()} audio`);
    }
    const parsed = this.container.end();
    return { ...base, parsed: parsed.problem === null, ...parsed };
  }
}

/** A WAV file: RIFF/WAVE header, fmt chunk, then the data chunk counted to its declared end. */
class WavInspection implements ContainerInspection {
  private readonly parser = new WavHeaderParser({ anyEncoding: true });
  private format: WavFormat | null = null;
  private dataSeen = 0;
  private failure: string | null = null;

  get problem(): string | null {
    return this.failure;
  }

  push(chunk: Buffer): void {
    if (this.failure) return;
    if (!this.format) {
      try {
        const header = this.parser.push(chunk);
        if (!header) return;
        this.format = header.format;
        chunk = header.rest;
      } catch (error) {
        if (!(error instanceof WavFormatError)) throw error;
        this.failure = error.message;
        return;
      }
    }
    // Bytes after a declared data chunk (trailing LIST or id3 chunks) are not audio.
    const room = this.format.dataBytes === null ? chunk.length : this.format.dataBytes - this.dataSeen;
    this.dataSeen += Math.min(room, chunk.length);
  }

  end(): Parsed {
    const f = this.format;
    const unknown = { encoding: null, bitsPerSample: null, channels: null, sampleRate: null, durationSeconds: null };
    if (this.failure) return { ...unknown, problem: this.failure };
    if (!f) return { ...unknown, problem: 'Not a WAV file: the stream ended before the data chunk' };
    const fixedSize = f.blockAlign === f.channels * (f.bitsPerSample / 8);
    const seconds = fixedSize ? this.dataSeen / f.blockAlign / f.sampleRate : this.dataSeen / f.byteRate;
    const parsed = {
      encoding: describeWavFormatCode(f.formatCode),
      bitsPerSample: f.bitsPerSample,
      channels: f.channels,
      sampleRate: f.sampleRate,
      durationSeconds: seconds,
    };
    let problem: string | null = null;
    if (f.dataBytes !== null && this.dataSeen < f.dataBytes) {
      problem = `Truncated WAV file: the data chunk ended after ${this.dataSeen} of ${f.dataBytes} bytes`;
    } else if (this.dataSeen === 0) {
      problem = 'The WAV file holds no audio: its data chunk is empty';
    } else if (this.dataSeen % f.blockAlign !== 0) {
      problem = `Invalid WAV file: ${this.dataSeen} bytes of data is not a whole number of ${f.blockAlign}-byte frames`;
    }
    return { ...parsed, problem };
  }
}

interface FrameHeader {
  version: 1 | 2 | 2.5;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: number;
  /** Bytes, header included. */
  length: number;
  /** Samples per channel. */
  samples: number;
}

// kbit/s by bitrate index (1..14), per MPEG version and layer.
const BITRATES: Record<string, number[]> = {
  '1-1': [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** An MPEG audio frame header at `at`, or null when the four bytes are not one. */
export function mpegFrameHeader(b: Buffer, at: number): FrameHeader | null {
  if (b.length - at < 4 || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const versionBits = (b[at + 1]! >> 3) & 3;
  const layerBits = (b[at + 1]! >> 1) & 3;
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3 || (b[at + 3]! & 3) === 2)
    return null;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrate = BITRATES[`${version === 1 ? 1 : 2}-${version === 1 ? layer : Math.min(layer, 2)}`]![bitrateIndex - 1]! * 1000;
  const sampleRate = SAMPLE_RATES[versionBits]![rateIndex]!;
  const padding = (b[at + 2]! >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 2 || version === 1 ? 1152 : 576;
  const length =
    layer === 1 ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4 : Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
  return { version, layer, sampleRate, channels: b[at + 3]! >> 6 === 3 ? 1 : 2, length, samples };
}

/** Tags that may follow the last frame: ID3v1, APE, Lyrics3, an appended ID3v2. */
const TRAILERS = ['TAG', 'APE', 'LYR', 'ID3'];

/**
 * An MP3 stream: ID3v2 tags (and zero padding) first, then MPEG audio frames back to back,
 * each header agreeing with the first on version, layer and sample rate, until the end or a
 * trailing tag. A last frame cut short is dropped, as players do.
 */
class Mp3Inspection implements ContainerInspection {
  private pending = Buffer.alloc(0);
  private offset = 0;
  private skip = 0;
  private state: 'tags' | 'frames' | 'trailer' = 'tags';
  private first: FrameHeader | null = null;
  private frames = 0;
  private samples = 0;
  /** Samples of the frame being skipped through, not yet known to be complete. */
  private open = 0;
  private failure: string | null = null;

  get problem(): string | null {
    return this.failure;
  }

  push(chunk: Buffer): void {
    if (this.failure || this.state === 'trailer') return;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      this.offset += n;
      chunk = chunk.subarray(n);
      if (this.skip > 0) return;
      this.closeFrame();
    }
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      if (this.state === 'tags') {
        if (buf.length - pos < 10) break;
        if (buf.toString('latin1', pos, pos + 3) === 'ID3') {
          const sizeBytes = buf.subarray(pos + 6, pos + 10);
          if (sizeBytes.some((x) => x > 0x7f)) return this.fail(`Invalid MP3 file: a malformed ID3 tag at byte ${this.offset + pos}`);
          const size = (sizeBytes[0]! << 21) | (sizeBytes[1]! << 14) | (sizeBytes[2]! << 7) | sizeBytes[3]!;
          const footer = buf[pos + 5]! & 0x10 ? 10 : 0;
          const length = 10 + size + footer;
          if (buf.length - pos < length) {
            this.skip = length - (buf.length - pos);
            pos = buf.length;
            break;
          }
          pos += length;
          continue;
        }
        while (pos < buf.length && buf[pos] === 0) pos++;
        if (pos === buf.length) break;
        this.state = 'frames';
      }
      if (buf.length - pos < 4) break;
      const header = mpegFrameHeader(buf, pos);
      const first = this.first;
      if (
        !header ||
        (first && (header.version !== first.version || header.layer !== first.layer || header.sampleRate !== first.sampleRate))
      ) {
        if (this.frames > 0 && (TRAILERS.includes(buf.toString('latin1', pos, pos + 3)) || buf.readUInt32BE(pos) === 0)) {
          this.state = 'trailer';
          this.pending = Buffer.alloc(0);
          return;
        }
        return this.fail(
          this.frames === 0
            ? `Not an MP3 file: no MPEG audio frame at byte ${this.offset + pos}`
            : `Invalid MP3 file: the frames lose sync at byte ${this.offset + pos}, after ${this.frames} frame${this.frames === 1 ? '' : 's'}`,
        );
      }
      this.first ??= header;
      this.open = header.samples;
      if (buf.length - pos < header.length) {
        // The rest of the frame is skipped as it comes.
        this.skip = header.length - (buf.length - pos);
        pos = buf.length;
        break;
      }
      pos += header.length;
      this.closeFrame();
    }
    this.offset += pos;
    this.pending = Buffer.from(buf.subarray(pos));
  }

  end(): Parsed {
    const f = this.first;
    const unknown = { encoding: null, bitsPerSample: null, channels: null, sampleRate: null, durationSeconds: null };
    if (this.failure) return { ...unknown, problem: this.failure };
    if (!f || this.frames === 0) return { ...unknown, problem: 'Not an MP3 file: no complete MPEG audio frame' };
    return {
      encoding: `MPEG-${f.version} Layer ${'I'.repeat(f.layer)}`,
      bitsPerSample: null,
      channels: f.channels,
      sampleRate: f.sampleRate,
      durationSeconds: this.samples / f.sampleRate,
      problem: null,
    };
  }

  private closeFrame(): void {
    if (this.open === 0) return;
    this.frames += 1;
    this.samples += this.open;
    this.open = 0;
  }

  private fail(reason: string): void {
    this.failure = reason;
    this.pending = Buffer.alloc(0);
  }
}
