import { Readable } from 'node:stream';

/**
 * Splits a multi-channel PCM WAV stream (a Twilio dual-channel recording: 16-bit, 2 channels,
 * 8 kHz) into one mono WAV stream per channel, as the bytes arrive.
 *
 *   const split = await splitWavChannels(download);        // resolves once the header is read
 *   await Promise.all(split.outputs.map((wav, channel) => transcribe(wav, channel)));
 *
 * Memory is bounded: at most `highWaterMark` bytes wait in each output, plus one input chunk.
 * The price is backpressure shared by all outputs: reading stops while any output is full,
 * so EVERY output must be consumed, concurrently (reading channel 0 to its end before
 * starting channel 1 deadlocks once channel 1's buffer is full). An output you do not want
 * can be destroyed: it is then skipped, and when every output is destroyed the input is too.
 *
 * The header may arrive in pieces of any size. Chunks other than `fmt ` and `data` (LIST,
 * fact, ...) are skipped without being buffered. Each output gets a canonical 44-byte header
 * whose sizes come from the input's data chunk size; when that size is unknown (0xFFFFFFFF, as
 * streaming writers leave it) the outputs say 0xFFFFFFFF too and run to the end of the input.
 * Bytes after the data chunk (trailing LIST or id3 chunks) are read and ignored.
 *
 * Only integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format) at 8, 16, 24
 * or 32 bits is accepted; anything else rejects with a WavFormatError. A mono input gives one
 * output whose samples are passed through unchanged under a fresh header.
 *
 * Errors: before the header is complete, the returned promise rejects (and the input is
 * destroyed). Afterwards, an input error, or a data chunk that ends short of its declared
 * size, destroys every output with that error.
 */
export async function splitWavChannels(input: Readable, options: { highWaterMark?: number } = {}): Promise<WavChannelSplit> {
  const highWaterMark = options.highWaterMark ?? 64 * 1024;
  if (!Number.isInteger(highWaterMark) || highWaterMark < 1) throw new Error('splitWavChannels: highWaterMark must be a positive integer');
  return new Promise<WavChannelSplit>((resolve, reject) => {
    void pump(input, highWaterMark, resolve, reject);
  });
}

export interface WavChannelSplit {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** The input's data chunk size in bytes; null when the header leaves it unknown. */
  dataBytes: number | null;
  /** One mono WAV per channel, in channel order (for Twilio: 0 = first leg, 1 = second). */
  outputs: Readable[];
}

export interface WavFormat {
  /** The fmt chunk's format code (1 = integer PCM; for WAVE_FORMAT_EXTENSIBLE, its sub-format's). */
  formatCode: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per frame: one sample of every channel. */
  blockAlign: number;
  /** Average bytes per second, as the fmt chunk states it. */
  byteRate: number;
  dataBytes: number | null;
}

/** Format codes whose samples have a fixed size (bits / 8 bytes), laid out like PCM. */
const FIXED_SIZE_SAMPLE_CODES = new Set([0x0001, 0x0003, 0x0006, 0x0007]);

/** The input is not a WAV file we can split. */
export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

/** Size fields that mean "unknown, read to the end". */
const UNKNOWN_SIZE = 0xffffffff;
const MAX_FMT_CHUNK_BYTES = 4096;
const SUPPORTED_BITS = new Set([8, 16, 24, 32]);
const MAX_CHANNELS = 64;
// KSDATAFORMAT_SUBTYPE_PCM, after its first two bytes (the format code).
const PCM_SUBFORMAT_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');

const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0003: 'IEEE float',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0055: 'MP3',
  0xfffe: 'WAVE_FORMAT_EXTENSIBLE',
};

/** A canonical 44-byte PCM WAV header. `dataBytes` null writes 0xFFFFFFFF sizes (length unknown). */
export function wavHeader(format: { channels: number; sampleRate: number; bitsPerSample: number; dataBytes: number | null }): Buffer {
  const bytesPerSample = format.bitsPerSample / 8;
  const blockAlign = format.channels * bytesPerSample;
  const header = Buffer.alloc(44);
  const dataSize = format.dataBytes === null ? UNKNOWN_SIZE : Math.min(format.dataBytes, UNKNOWN_SIZE);
  const riffSize = format.dataBytes === null ? UNKNOWN_SIZE : Math.min(36 + format.dataBytes + (format.dataBytes % 2), UNKNOWN_SIZE);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(riffSize, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(format.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataSize, 40);
  return header;
}

/**
 * Incremental RIFF/WAVE header reader. `push` returns null until the data chunk starts, then
 * the format and the bytes of the chunk that already belong to the data. Holds at most a fmt
 * chunk's worth of bytes; other chunks are skipped as they stream past.
 *
 * By default only what the splitter can split is accepted (integer PCM of 8, 16, 24 or 32
 * bits). With `anyEncoding`, any coherent fmt chunk is (mu-law, IEEE float, ADPCM...): the
 * format code says which, for callers that only need to know what the file holds.
 */
export class WavHeaderParser {
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private riffSeen = false;
  private riffSize = 0;
  private format: Omit<WavFormat, 'dataBytes'> | null = null;
  private done = false;
  /** The stream offset of the first pending byte (for messages). */
  private offset = 0;

  constructor(private readonly options: { anyEncoding?: boolean } = {}) {}

  push(chunk: Buffer): { format: WavFormat; rest: Buffer } | null {
    if (this.done) throw new Error('WavHeaderParser: the header is already complete');
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      this.offset += n;
      chunk = chunk.subarray(n);
      if (chunk.length === 0) return null;
    }
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      if (!this.riffSeen) {
        if (buf.length - pos < 12) break;
        const riff = buf.toString('latin1', pos, pos + 4);
        const wave = buf.toString('latin1', pos + 8, pos + 12);
        if (riff === 'RIFX') throw new WavFormatError('Big-endian WAV (RIFX) is not supported');
        if (riff === 'RF64') throw new WavFormatError('RF64 WAV (files over 4 GB) is not supported');
        if (riff !== 'RIFF' || wave !== 'WAVE') throw new WavFormatError('Not a WAV file: no RIFF/WAVE header');
        this.riffSize = buf.readUInt32LE(pos + 4);
        this.riffSeen = true;
        pos += 12;
        continue;
      }
      if (buf.length - pos < 8) break;
      const id = buf.toString('latin1', pos, pos + 4);
      const size = buf.readUInt32LE(pos + 4);
      // Chunk ids are four printable ASCII characters: anything else is not a RIFF chunk (random bytes, a cut header).
      if (!/^[\x20-\x7e]{4}$/.test(id))
        throw new WavFormatError(`Invalid WAV file: no chunk header at byte ${this.offset + pos} (0x${buf.toString('hex', pos, pos + 4)})`);
      if (id === 'data') {
        if (this.format === null) throw new WavFormatError('Invalid WAV file: the data chunk comes before the fmt chunk');
        const unknown = size === UNKNOWN_SIZE || (size === 0 && (this.riffSize === 0 || this.riffSize === UNKNOWN_SIZE));
        this.done = true;
        this.pending = Buffer.alloc(0);
        return { format: { ...this.format, dataBytes: unknown ? null : size }, rest: buf.subarray(pos + 8) };
      }
      if (id === 'fmt ') {
        if (this.format !== null) throw new WavFormatError('Invalid WAV file: two fmt chunks');
        if (size < 16 || size > MAX_FMT_CHUNK_BYTES) throw new WavFormatError(`Invalid WAV file: fmt chunk of ${size} bytes`);
        if (buf.length - pos < 8 + size) break;
        this.format = parseFmt(buf.subarray(pos + 8, pos + 8 + size), this.options.anyEncoding ?? false);
        pos += 8 + size;
        if (size % 2 === 1) this.skip = 1;
      } else {
        pos += 8;
        this.skip = size + (size % 2);
      }
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - pos);
        this.skip -= n;
        pos += n;
        if (this.skip > 0) break;
      }
    }
    // Never more than a fmt chunk plus a chunk header: copied so the caller's chunk is not retained.
    this.pending = Buffer.from(buf.subarray(pos));
    this.offset += pos;
    return null;
  }
}

function parseFmt(fmt: Buffer, anyEncoding: boolean): Omit<WavFormat, 'dataBytes'> {
  let code = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (code === 0xfffe) {
    if (fmt.length < 40) throw new WavFormatError('Invalid WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
    const pcmFamily = fmt.subarray(26, 40).equals(PCM_SUBFORMAT_TAIL);
    if (!pcmFamily && !anyEncoding)
      throw new WavFormatError('Unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE with a sub-format other than PCM');
    // A sub-format outside the KSDATAFORMAT family is some other codec, named by its GUID only.
    code = pcmFamily ? fmt.readUInt16LE(24) : 0xfffe;
  }
  if (anyEncoding && code !== 1) return parseOtherFmt({ formatCode: code, channels, sampleRate, byteRate, blockAlign, bitsPerSample });
  if (code !== 1) {
    const name = FORMAT_NAMES[code];
    throw new WavFormatError(
      `Unsupported WAV encoding: format code ${code}${name ? ` (${name})` : ''}; only integer PCM (format 1) can be split`,
    );
  }
  if (!SUPPORTED_BITS.has(bitsPerSample)) {
    throw new WavFormatError(`Unsupported WAV sample size: ${bitsPerSample} bits; only 8, 16, 24 and 32-bit PCM can be split`);
  }
  if (channels < 1 || channels > MAX_CHANNELS) throw new WavFormatError(`Unsupported WAV channel count: ${channels}`);
  if (sampleRate < 1) throw new WavFormatError('Invalid WAV file: sample rate 0');
  if (blockAlign !== channels * (bitsPerSample / 8)) {
    throw new WavFormatError(`Invalid WAV file: block align ${blockAlign} does not match ${channels} channels of ${bitsPerSample} bits`);
  }
  return { formatCode: code, channels, sampleRate, bitsPerSample, blockAlign, byteRate };
}

/** A fmt chunk of another encoding: only what makes its data readable at all is checked. */
function parseOtherFmt(f: Omit<WavFormat, 'dataBytes'>): Omit<WavFormat, 'dataBytes'> {
  if (f.channels < 1 || f.channels > MAX_CHANNELS) throw new WavFormatError(`Unsupported WAV channel count: ${f.channels}`);
  if (f.sampleRate < 1) throw new WavFormatError('Invalid WAV file: sample rate 0');
  if (f.blockAlign < 1) throw new WavFormatError('Invalid WAV file: block align 0');
  if (FIXED_SIZE_SAMPLE_CODES.has(f.formatCode)) {
    if (f.bitsPerSample < 8 || f.bitsPerSample % 8 !== 0 || f.blockAlign !== f.channels * (f.bitsPerSample / 8)) {
      throw new WavFormatError(
        `Invalid WAV file: block align ${f.blockAlign} does not match ${f.channels} channels of ${f.bitsPerSample} bits`,
      );
    }
  } else if (f.byteRate < 1) {
    throw new WavFormatError('Invalid WAV file: byte rate 0');
  }
  return f;
}

/** The format's name for messages: `format code 7 (mu-law)`. */
export function describeWavFormatCode(code: number): string {
  if (code === 1) return 'integer PCM';
  const name = FORMAT_NAMES[code];
  return `format code ${code}${name ? ` (${name})` : ''}`;
}

/** Reads the input, resolves with the split once the header is read, then feeds the outputs. */
async function pump(
  input: Readable,
  highWaterMark: number,
  resolve: (split: WavChannelSplit) => void,
  reject: (error: unknown) => void,
): Promise<void> {
  const parser = new WavHeaderParser();
  let writer: ChannelWriter | null = null;
  try {
    for await (const raw of input) {
      const chunk = toBuffer(raw);
      if (writer === null) {
        const header = parser.push(chunk);
        if (header === null) continue;
        writer = new ChannelWriter(header.format, highWaterMark);
        resolve({
          channels: header.format.channels,
          sampleRate: header.format.sampleRate,
          bitsPerSample: header.format.bitsPerSample,
          dataBytes: header.format.dataBytes,
          outputs: writer.outputs,
        });
        if (header.rest.length > 0) await writer.write(header.rest);
      } else {
        await writer.write(chunk);
      }
      // Nobody is listening any more: stop the download (leaving the loop destroys the input).
      if (writer.abandoned) break;
    }
    if (writer === null) throw new WavFormatError('Not a WAV file: the stream ended before the data chunk');
    writer.end();
  } catch (error) {
    if (writer === null) reject(error);
    else writer.fail(error instanceof Error ? error : new Error(String(error)));
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new WavFormatError('splitWavChannels needs a binary stream (do not set an encoding on it)');
}

/** Deinterleaves data bytes into one Readable per channel, waiting while any output is full. */
class ChannelWriter {
  readonly outputs: Readable[];
  private readonly full: boolean[];
  private readonly gone: boolean[];
  private readonly bytesPerSample: number;
  private remaining: number | null;
  private leftover: Buffer | null = null;
  private finished = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly format: WavFormat,
    highWaterMark: number,
  ) {
    this.bytesPerSample = format.bitsPerSample / 8;
    this.remaining = format.dataBytes;
    const frames = format.dataBytes === null ? null : Math.floor(format.dataBytes / format.blockAlign);
    const header = wavHeader({
      channels: 1,
      sampleRate: format.sampleRate,
      bitsPerSample: format.bitsPerSample,
      dataBytes: frames === null ? null : frames * this.bytesPerSample,
    });
    this.full = new Array<boolean>(format.channels).fill(false);
    this.gone = new Array<boolean>(format.channels).fill(false);
    this.outputs = this.full.map((_, channel) => {
      const output = new Readable({
        highWaterMark,
        read: () => {
          this.full[channel] = false;
          this.notify();
        },
        destroy: (error, callback) => {
          this.gone[channel] = true;
          this.notify();
          callback(error);
        },
      });
      this.full[channel] = !output.push(Buffer.from(header));
      return output;
    });
  }

  /** Every output was destroyed by its consumer. */
  get abandoned(): boolean {
    return this.gone.every(Boolean);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.finished) return; // bytes after the data chunk
    if (this.remaining !== null) {
      if (chunk.length > this.remaining) chunk = chunk.subarray(0, this.remaining);
      this.remaining -= chunk.length;
    }
    if (this.leftover !== null) {
      chunk = Buffer.concat([this.leftover, chunk]);
      this.leftover = null;
    }
    const { blockAlign, channels } = this.format;
    const frames = Math.floor(chunk.length / blockAlign);
    const used = frames * blockAlign;
    if (used < chunk.length) this.leftover = Buffer.from(chunk.subarray(used));
    if (frames > 0) {
      if (channels === 1) this.push(0, chunk.subarray(0, used));
      else this.deinterleave(chunk, frames);
    }
    if (this.remaining === 0) {
      this.end();
      return;
    }
    await this.room();
  }

  /** The input ended. */
  end(): void {
    if (this.finished) return;
    if (this.remaining !== null && this.remaining > 0) {
      const declared = this.format.dataBytes ?? 0;
      this.fail(new WavFormatError(`Truncated WAV file: the data chunk ended after ${declared - this.remaining} of ${declared} bytes`));
      return;
    }
    this.finished = true;
    const frames = this.format.dataBytes === null ? null : Math.floor(this.format.dataBytes / this.format.blockAlign);
    const pad = frames !== null && (frames * this.bytesPerSample) % 2 === 1;
    this.outputs.forEach((output, channel) => {
      if (this.gone[channel]) return;
      if (pad) output.push(Buffer.alloc(1));
      output.push(null);
    });
  }

  fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.outputs.forEach((output) => output.destroy(error));
  }

  private deinterleave(chunk: Buffer, frames: number): void {
    const { channels } = this.format;
    const bps = this.bytesPerSample;
    const parts = this.outputs.map(() => Buffer.allocUnsafe(frames * bps));
    if (channels === 2 && bps === 2) {
      const left = parts[0];
      const right = parts[1];
      for (let f = 0, src = 0, dst = 0; f < frames; f++, src += 4, dst += 2) {
        left[dst] = chunk[src];
        left[dst + 1] = chunk[src + 1];
        right[dst] = chunk[src + 2];
        right[dst + 1] = chunk[src + 3];
      }
    } else {
      for (let f = 0, src = 0; f < frames; f++) {
        const dst = f * bps;
        for (let c = 0; c < channels; c++) {
          const part = parts[c];
          for (let b = 0; b < bps; b++) part[dst + b] = chunk[src++];
        }
      }
    }
    parts.forEach((part, channel) => this.push(channel, part));
  }

  private push(channel: number, bytes: Buffer): void {
    if (this.gone[channel]) return;
    if (!this.outputs[channel].push(bytes)) this.full[channel] = true;
  }

  /** Resolves when no live output is full. */
  private async room(): Promise<void> {
    while (this.outputs.some((_, channel) => this.full[channel] && !this.gone[channel])) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
