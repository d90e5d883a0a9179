import { Readable } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { splitWavChannels, wavHeader, WavFormatError, WavHeaderParser } from './wav-channel-splitter';
import { chunked, collect, u16, u32 } from '@test/support/byte-streams';

interface Chunk {
  id: string;
  body: Buffer;
  /** Override the size field (e.g. 0xFFFFFFFF for "unknown"). */
  size?: number;
}

function fmtChunk(f: { format?: number; channels: number; sampleRate: number; bits: number }): Chunk {
  const blockAlign = (f.channels * f.bits) / 8;
  return {
    id: 'fmt ',
    body: Buffer.concat([
      u16(f.format ?? 1),
      u16(f.channels),
      u32(f.sampleRate),
      u32(f.sampleRate * blockAlign),
      u16(blockAlign),
      u16(f.bits),
    ]),
  };
}

function riff(chunks: Chunk[], riffSize?: number): Buffer {
  const parts: Buffer[] = [Buffer.from('WAVE')];
  for (const c of chunks) {
    parts.push(Buffer.from(c.id, 'latin1'), u32(c.size ?? c.body.length), c.body);
    if (c.body.length % 2 === 1) parts.push(Buffer.alloc(1));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from('RIFF'), u32(riffSize ?? body.length), body]);
}

/** Interleaved 16-bit frames: sample i of channel c is `value(c, i)`. */
function pcm16(channels: number, frames: number, value: (channel: number, frame: number) => number): Buffer {
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) data.writeInt16LE(value(c, i), (i * channels + c) * 2);
  return data;
}

const left = (i: number) => ((i * 37) % 20000) - 10000;
const right = (i: number) => -((i * 11) % 30000) + 15000;
const stereo = (c: number, i: number) => (c === 0 ? left(i) : right(i));

function stereoWav(frames: number, extra: Chunk[] = []): Buffer {
  return riff([fmtChunk({ channels: 2, sampleRate: 8000, bits: 16 }), ...extra, { id: 'data', body: pcm16(2, frames, stereo) }]);
}

interface ParsedWav {
  riffSize: number;
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
  dataSize: number;
  data: Buffer;
}

function parseMonoWav(wav: Buffer): ParsedWav {
  expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
  expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
  expect(wav.readUInt32LE(16)).toBe(16);
  expect(wav.toString('latin1', 36, 40)).toBe('data');
  return {
    riffSize: wav.readUInt32LE(4),
    format: wav.readUInt16LE(20),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    byteRate: wav.readUInt32LE(28),
    blockAlign: wav.readUInt16LE(32),
    bits: wav.readUInt16LE(34),
    dataSize: wav.readUInt32LE(40),
    data: wav.subarray(44),
  };
}

function samples16(data: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) out.push(data.readInt16LE(i));
  return out;
}

function expected(fn: (i: number) => number, frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => fn(i));
}

async function splitAndCollect(input: Readable) {
  const split = await splitWavChannels(input);
  const outputs = await Promise.all(split.outputs.map(collect));
  return { split, outputs };
}

describe('splitWavChannels', () => {
  it('splits a stereo 16-bit WAV into two valid mono WAVs with the right samples', async () => {
    const frames = 12_345;
    const { split, outputs } = await splitAndCollect(chunked(stereoWav(frames), [4096]));

    expect(split).toMatchObject({ channels: 2, sampleRate: 8000, bitsPerSample: 16, dataBytes: frames * 4 });
    expect(outputs).toHaveLength(2);
    outputs.forEach((wav, channel) => {
      const parsed = parseMonoWav(wav);
      expect(parsed).toMatchObject({
        riffSize: 36 + frames * 2,
        format: 1,
        channels: 1,
        sampleRate: 8000,
        byteRate: 16000,
        blockAlign: 2,
        bits: 16,
        dataSize: frames * 2,
      });
      expect(wav.length).toBe(44 + frames * 2);
      expect(samples16(parsed.data)).toEqual(expected(channel === 0 ? left : right, frames));
    });
  });

  it('reads a header (and frames) split across 1 to 7 byte chunks', async () => {
    const frames = 3_001;
    const wav = stereoWav(frames, [
      { id: 'LIST', body: Buffer.concat([Buffer.from('INFOISFT'), u32(9), Buffer.from('Twilio!!\0'), Buffer.alloc(1)]) },
    ]);
    const { outputs } = await splitAndCollect(chunked(wav, [1, 2, 3, 4, 5, 6, 7]));

    expect(samples16(parseMonoWav(outputs[0]!).data)).toEqual(expected(left, frames));
    expect(samples16(parseMonoWav(outputs[1]!).data)).toEqual(expected(right, frames));
  });

  it('skips a LIST chunk (odd-sized, padded) and a fact chunk before the data, and trailing chunks after it', async () => {
    const frames = 500;
    const list = Buffer.concat([Buffer.from('INFOICMT'), u32(11), Buffer.from('hello world'), Buffer.alloc(1)]);
    const odd = Buffer.from('odd-sized!'.repeat(100) + 'x'); // 1001 bytes: one pad byte follows
    const wav = riff([
      fmtChunk({ channels: 2, sampleRate: 8000, bits: 16 }),
      { id: 'fact', body: u32(frames) },
      { id: 'LIST', body: list },
      { id: 'junk', body: odd },
      { id: 'data', body: pcm16(2, frames, stereo) },
      { id: 'LIST', body: list },
    ]);
    const { outputs } = await splitAndCollect(chunked(wav, [100]));

    for (const [channel, wavOut] of outputs.entries()) {
      const parsed = parseMonoWav(wavOut);
      expect(parsed.dataSize).toBe(frames * 2);
      expect(samples16(parsed.data)).toEqual(expected(channel === 0 ? left : right, frames));
    }
  });

  it('reads a header that sits in one chunk with the first samples', async () => {
    const frames = 100;
    const { outputs } = await splitAndCollect(chunked(stereoWav(frames), [1_000_000]));
    expect(samples16(parseMonoWav(outputs[1]!).data)).toEqual(expected(right, frames));
  });

  it('runs to the end of the input when the data size is unknown, and says so in the output headers', async () => {
    const frames = 2_000;
    const wav = riff(
      [fmtChunk({ channels: 2, sampleRate: 8000, bits: 16 }), { id: 'data', body: pcm16(2, frames, stereo), size: 0xffffffff }],
      0xffffffff,
    );
    const { split, outputs } = await splitAndCollect(chunked(wav, [333]));

    expect(split.dataBytes).toBeNull();
    const parsed = parseMonoWav(outputs[0]!);
    expect(parsed.riffSize).toBe(0xffffffff);
    expect(parsed.dataSize).toBe(0xffffffff);
    expect(samples16(parsed.data)).toEqual(expected(left, frames));
  });

  it('passes a mono input through under a fresh header', async () => {
    const frames = 4_321;
    const data = pcm16(1, frames, (_c, i) => left(i));
    const wav = riff([
      fmtChunk({ channels: 1, sampleRate: 16000, bits: 16 }),
      { id: 'LIST', body: Buffer.from('INFO') },
      { id: 'data', body: data },
    ]);
    const { split, outputs } = await splitAndCollect(chunked(wav, [777]));

    expect(split.channels).toBe(1);
    expect(outputs).toHaveLength(1);
    const parsed = parseMonoWav(outputs[0]!);
    expect(parsed).toMatchObject({ channels: 1, sampleRate: 16000, byteRate: 32000, dataSize: frames * 2 });
    expect(parsed.data.equals(data)).toBe(true);
    expect(
      outputs[0]!.equals(Buffer.concat([wavHeader({ channels: 1, sampleRate: 16000, bitsPerSample: 16, dataBytes: frames * 2 }), data])),
    ).toBe(true);
  });

  it('splits other PCM layouts: 3 channels of 24 bits, 8-bit stereo, WAVE_FORMAT_EXTENSIBLE', async () => {
    // 24-bit, 3 channels: byte b of sample (c, i) is (i * 7 + c * 50 + b) & 0xff.
    const frames = 1_001;
    const data24 = Buffer.alloc(frames * 9);
    for (let i = 0; i < frames; i++)
      for (let c = 0; c < 3; c++) for (let b = 0; b < 3; b++) data24[i * 9 + c * 3 + b] = (i * 7 + c * 50 + b) & 0xff;
    const three = await splitAndCollect(
      chunked(riff([fmtChunk({ channels: 3, sampleRate: 48000, bits: 24 }), { id: 'data', body: data24 }]), [1000]),
    );
    expect(three.outputs).toHaveLength(3);
    three.outputs.forEach((wav, c) => {
      const parsed = parseMonoWav(wav);
      expect(parsed).toMatchObject({ bits: 24, blockAlign: 3, byteRate: 144000, dataSize: frames * 3, riffSize: 36 + frames * 3 + 1 });
      const want = Buffer.alloc(frames * 3);
      for (let i = 0; i < frames; i++) for (let b = 0; b < 3; b++) want[i * 3 + b] = (i * 7 + c * 50 + b) & 0xff;
      // 3003 bytes of data: a pad byte follows, outside the data chunk.
      expect(parsed.data.length).toBe(frames * 3 + 1);
      expect(parsed.data.subarray(0, parsed.dataSize).equals(want)).toBe(true);
    });

    // 8-bit stereo with an odd frame count: the mono outputs need a pad byte.
    const data8 = Buffer.from(Array.from({ length: 7 * 2 }, (_, k) => (k % 2 === 0 ? 10 + k : 200 - k)));
    const eight = await splitAndCollect(
      chunked(riff([fmtChunk({ channels: 2, sampleRate: 8000, bits: 8 }), { id: 'data', body: data8 }]), [3]),
    );
    const eightLeft = parseMonoWav(eight.outputs[0]!);
    expect(eightLeft).toMatchObject({ dataSize: 7, riffSize: 36 + 7 + 1 });
    expect([...eightLeft.data]).toEqual([10, 12, 14, 16, 18, 20, 22, 0]);

    // WAVE_FORMAT_EXTENSIBLE with the PCM sub-format.
    const ext = Buffer.concat([
      fmtChunk({ format: 0xfffe, channels: 2, sampleRate: 8000, bits: 16 }).body,
      u16(22),
      u16(16),
      u32(3),
      Buffer.from('0100000000001000800000aa00389b71', 'hex'),
    ]);
    const extensible = await splitAndCollect(
      chunked(
        riff([
          { id: 'fmt ', body: ext },
          { id: 'data', body: pcm16(2, 64, stereo) },
        ]),
      ),
    );
    expect(samples16(parseMonoWav(extensible.outputs[1]!).data)).toEqual(expected(right, 64));
  });

  it.each([
    ['IEEE float', fmtChunk({ format: 3, channels: 2, sampleRate: 8000, bits: 32 }), /format code 3 \(IEEE float\).*only integer PCM/],
    ['mu-law', fmtChunk({ format: 7, channels: 2, sampleRate: 8000, bits: 8 }), /format code 7 \(mu-law\)/],
    ['12-bit PCM', { id: 'fmt ', body: Buffer.concat([u16(1), u16(1), u32(8000), u32(16000), u16(2), u16(12)]) }, /12 bits/],
    [
      'an inconsistent block align',
      { id: 'fmt ', body: Buffer.concat([u16(1), u16(2), u32(8000), u32(16000), u16(2), u16(16)]) },
      /block align 2/,
    ],
  ])('rejects %s with a clear WavFormatError', async (_label, fmt, message) => {
    const input = chunked(riff([fmt as Chunk, { id: 'data', body: Buffer.alloc(64) }]), [5]);
    const error = await splitWavChannels(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WavFormatError);
    expect((error as Error).message).toMatch(message);
    expect(input.destroyed).toBe(true);
  });

  it('rejects what is not a WAV, or ends before its data', async () => {
    await expect(splitWavChannels(chunked(Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00 mp3 data here')))).rejects.toThrow(
      /Not a WAV file: no RIFF\/WAVE header/,
    );
    const headerOnly = stereoWav(10).subarray(0, 30);
    await expect(splitWavChannels(chunked(headerOnly, [4]))).rejects.toThrow(/ended before the data chunk/);
    await expect(splitWavChannels(chunked(riff([{ id: 'data', body: Buffer.alloc(8) }])))).rejects.toThrow(
      /data chunk comes before the fmt chunk/,
    );
    await expect(splitWavChannels(chunked(Buffer.concat([Buffer.from('RF64'), Buffer.alloc(4), Buffer.from('WAVE')])))).rejects.toThrow(
      /RF64/,
    );
    // Bytes after RIFF/WAVE that are no chunk header (random bytes, not text) are refused there, not skipped as a huge chunk.
    const junk = Buffer.concat([
      Buffer.from('RIFF'),
      u32(0xffff),
      Buffer.from('WAVE'),
      Buffer.from([0x9c, 0x01, 0xfe, 0x33, 0xff, 0xff, 0xff, 0x7f]),
    ]);
    await expect(splitWavChannels(chunked(junk, [3]))).rejects.toThrow('Invalid WAV file: no chunk header at byte 12 (0x9c01fe33)');
  });

  it('passes an input error before the header on as the rejection', async () => {
    const broken = new Error('download failed');
    const input = Readable.from(
      (async function* () {
        yield stereoWav(10).subarray(0, 20);
        throw broken;
      })(),
    );
    await expect(splitWavChannels(input)).rejects.toBe(broken);
  });

  it('fails every output when the data ends short of its declared size, or the input fails', async () => {
    const wav = stereoWav(1_000);
    const truncated = await splitWavChannels(chunked(wav.subarray(0, wav.length - 100), [256]));
    // Consumed together, as they must be: each output sees the error.
    const truncatedResults = await Promise.allSettled(truncated.outputs.map(collect));
    for (const result of truncatedResults) {
      expect(result.status).toBe('rejected');
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/Truncated WAV file: the data chunk ended after 3900 of 4000 bytes/);
    }

    const broken = new Error('socket hang up');
    const failing = await splitWavChannels(
      Readable.from(
        (async function* () {
          yield wav.subarray(0, 2000);
          throw broken;
        })(),
      ),
    );
    const failingResults = await Promise.allSettled(failing.outputs.map(collect));
    expect(failingResults).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'rejected', reason: broken },
    ]);
  });

  it('stops reading the input while an output is not consumed (backpressure)', async () => {
    const frames = 1_000_000; // 4 MB of stereo data
    const wav = stereoWav(frames);
    let pulled = 0;
    const input = Readable.from(
      (function* () {
        for (let at = 0; at < wav.length; at += 16 * 1024) {
          pulled += 16 * 1024;
          yield wav.subarray(at, at + 16 * 1024);
        }
      })(),
    );
    const split = await splitWavChannels(input, { highWaterMark: 64 * 1024 });
    // Read channel 0 only, for a while.
    let got = 0;
    split.outputs[0]!.on('data', (chunk: Buffer) => (got += chunk.length));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pulled).toBeLessThan(512 * 1024);
    expect(got).toBeLessThan(256 * 1024);

    // Now channel 1 too: everything flows.
    const right1 = collect(split.outputs[1]!);
    const rightWav = await right1;
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toBe(44 + frames * 2);
    expect(rightWav.length).toBe(44 + frames * 2);
  });

  it('keeps feeding the other outputs when one is destroyed, and stops the input when all are', async () => {
    const frames = 50_000;
    const split = await splitWavChannels(chunked(stereoWav(frames), [4096]), { highWaterMark: 8 * 1024 });
    split.outputs[0]!.destroy();
    const rightWav = await collect(split.outputs[1]!);
    expect(samples16(parseMonoWav(rightWav).data)).toEqual(expected(right, frames));

    const input = chunked(stereoWav(frames), [4096]);
    const abandoned = await splitWavChannels(input, { highWaterMark: 8 * 1024 });
    abandoned.outputs.forEach((output) => output.destroy());
    await new Promise((resolve) => input.once('close', resolve));
    expect(input.destroyed).toBe(true);
  });

  it('splits a 50 MB stereo stream with bounded memory', async () => {
    const chunkFrames = 16 * 1024; // 64 KB of stereo 16-bit
    const totalFrames = Math.floor((50 * 1024 * 1024) / 4);
    const sampleL = (i: number) => (i * 3) & 0x7fff;
    const sampleR = (i: number) => -((i * 5) & 0x7fff);
    // Collected garbage is not retention: collect now and then, so RSS shows what is held.
    const gc = exposeGc();
    let pulled = 0;
    let consumed = 0;
    let maxInFlight = 0;
    function* generate(): Generator<Buffer> {
      yield wavHeader({ channels: 2, sampleRate: 8000, bitsPerSample: 16, dataBytes: totalFrames * 4 });
      for (let start = 0; start < totalFrames; start += chunkFrames) {
        const n = Math.min(chunkFrames, totalFrames - start);
        pulled += n * 4;
        const chunk = Buffer.allocUnsafe(n * 4);
        for (let k = 0; k < n; k++) {
          chunk.writeInt16LE(sampleL(start + k), k * 4);
          chunk.writeInt16LE(sampleR(start + k), k * 4 + 2);
        }
        yield chunk;
      }
    }

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const split = await splitWavChannels(Readable.from(generate()));
      /** Checks every sample as it streams by; keeps nothing. */
      const verify = async (output: Readable, fn: (i: number) => number) => {
        let bytes = 0;
        let index = 0;
        let carry: Buffer | null = null;
        let mismatches = 0;
        for await (const part of output) {
          let chunk = part as Buffer;
          if (bytes < 44) {
            const skip = Math.min(44 - bytes, chunk.length);
            bytes += skip;
            chunk = chunk.subarray(skip);
          }
          bytes += chunk.length;
          consumed += chunk.length;
          maxInFlight = Math.max(maxInFlight, pulled - consumed);
          if (gc && fn === sampleL && index % (2 * 1024 * 1024) < chunk.length / 2) gc();
          if (carry) {
            chunk = Buffer.concat([carry, chunk]);
            carry = null;
          }
          const even = chunk.length - (chunk.length % 2);
          for (let at = 0; at < even; at += 2, index++) if (chunk.readInt16LE(at) !== fn(index)) mismatches++;
          if (even < chunk.length) carry = Buffer.from(chunk.subarray(even));
          peak = Math.max(peak, process.memoryUsage().rss);
        }
        return { bytes, samples: index, mismatches };
      };
      const [l, r] = await Promise.all([verify(split.outputs[0]!, sampleL), verify(split.outputs[1]!, sampleR)]);
      expect(l).toEqual({ bytes: 44 + totalFrames * 2, samples: totalFrames, mismatches: 0 });
      expect(r).toEqual({ bytes: 44 + totalFrames * 2, samples: totalFrames, mismatches: 0 });
    } finally {
      clearInterval(sample);
    }
    const growthMb = (peak - baseline) / (1024 * 1024);
    if (process.env.DEBUG_WAV_MEMORY) {
      console.log(
        `RSS growth while splitting 50 MB: ${growthMb.toFixed(1)} MB; at most ${maxInFlight} bytes in flight; gc ${gc ? 'on' : 'off'}`,
      );
    }
    expect(growthMb).toBeLessThan(32);
    // Bytes read from the input and not yet consumed: two outputs' buffers and a chunk, whatever the size.
    expect(maxInFlight).toBeLessThan(512 * 1024);
  });
});

/** Node's gc(), which Jest does not expose; null if the flag cannot be set at run time. */
function exposeGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

describe('WavHeaderParser', () => {
  it('reads other encodings only when asked to, saying which', () => {
    const mulaw = riff([fmtChunk({ format: 7, channels: 2, sampleRate: 8000, bits: 8 }), { id: 'data', body: Buffer.alloc(16) }]);
    expect(() => new WavHeaderParser().push(mulaw)).toThrow(/format code 7 \(mu-law\)/);
    expect(new WavHeaderParser({ anyEncoding: true }).push(mulaw)!.format).toEqual({
      formatCode: 7,
      channels: 2,
      sampleRate: 8000,
      bitsPerSample: 8,
      blockAlign: 2,
      byteRate: 16000,
      dataBytes: 16,
    });
    const incoherent = riff([
      { id: 'fmt ', body: Buffer.concat([u16(7), u16(2), u32(8000), u32(16000), u16(3), u16(8)]) },
      { id: 'data', body: Buffer.alloc(16) },
    ]);
    expect(() => new WavHeaderParser({ anyEncoding: true }).push(incoherent)).toThrow(
      'Invalid WAV file: block align 3 does not match 2 channels of 8 bits',
    );
  });

  it('holds only a small tail while skipping a large chunk', () => {
    const parser = new WavHeaderParser();
    const big = Buffer.alloc(1024 * 1024, 0x41);
    const wav = riff([
      fmtChunk({ channels: 2, sampleRate: 8000, bits: 16 }),
      { id: 'LIST', body: big },
      { id: 'data', body: pcm16(2, 4, stereo) },
    ]);
    let result = null;
    for (let at = 0; at < wav.length && result === null; at += 1000) result = parser.push(wav.subarray(at, at + 1000));
    expect(result).not.toBeNull();
    expect(result!.format).toEqual({
      formatCode: 1,
      channels: 2,
      sampleRate: 8000,
      bitsPerSample: 16,
      blockAlign: 4,
      byteRate: 32000,
      dataBytes: 16,
    });
    expect((parser as any).pending.length).toBe(0);
  });
});
