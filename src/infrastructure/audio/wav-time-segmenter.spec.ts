import { AudioNotSplittableError } from '@domain/recording/ports/audio-segmenter.port';
import { wavHeader } from './wav-channel-splitter';
import { framesPerSegment, segmentOffsets, WavTimeSegmenter } from './wav-time-segmenter';
import { chunked, collect } from '@test/support/byte-streams';

const segmenter = new WavTimeSegmenter();

/** 16-bit PCM whose every byte says where it was: byte i of the data is i % 251. */
function wav(dataBytes: number, channels = 1, sampleRate = 8000, declared: number | null = dataBytes): Buffer {
  const data = Buffer.from(Array.from({ length: dataBytes }, (_, i) => i % 251));
  return Buffer.concat([wavHeader({ channels, sampleRate, bitsPerSample: 16, dataBytes: declared }), data]);
}

async function pieces(audio: Buffer, max: number, chunk = 997) {
  const out: { startMs: number; bytes: Buffer }[] = [];
  for await (const s of segmenter.segments(chunked(audio, chunk), max)) out.push({ startMs: s.startMs, bytes: await collect(s.audio) });
  return out;
}

describe('WavTimeSegmenter', () => {
  it('cuts a long mono WAV into files under the limit, on frame boundaries, each with its start time; together they are the data', async () => {
    // 10 s of 16-bit mono at 8 kHz: 160,000 bytes; pieces of at most 40,000 bytes.
    const audio = wav(160_000);
    const out = await pieces(audio, 40_000);
    const frames = framesPerSegment(2, 40_000);
    expect(frames).toBe(19_978);
    expect(out).toHaveLength(Math.ceil(80_000 / frames));
    out.forEach((p, i) => {
      expect(p.bytes.length).toBeLessThanOrEqual(40_000);
      expect(p.bytes.toString('latin1', 0, 4)).toBe('RIFF');
      const dataBytes = p.bytes.readUInt32LE(40);
      expect(dataBytes).toBe(p.bytes.length - 44);
      expect(dataBytes % 2).toBe(0);
      expect(p.startMs).toBe(Math.round((i * frames * 1000) / 8000));
    });
    expect(Buffer.concat(out.map((p) => p.bytes.subarray(44))).equals(audio.subarray(44))).toBe(true);
    expect(segmentOffsets(160_000, 2, 40_000)).toEqual(out.map((_, i) => i * frames * 2));
  });

  it('keeps stereo frames whole (4 bytes) and times pieces by frames, not bytes', async () => {
    const audio = wav(8000 * 4 * 3, 2); // 3 s of stereo
    const out = await pieces(audio, 44 + 4 * 8000 + 3); // room for exactly 1 s, plus 3 stray bytes
    expect(out.map((p) => p.startMs)).toEqual([0, 1000, 2000]);
    expect(out.map((p) => p.bytes.length)).toEqual([44 + 32_000, 44 + 32_000, 44 + 32_000]);
    expect(out[1]!.bytes.readUInt16LE(22)).toBe(2);
  });

  it('a WAV that fits is one piece', async () => {
    const audio = wav(1000);
    const out = await pieces(audio, 64 * 1024);
    expect(out).toHaveLength(1);
    expect(out[0]!.bytes.equals(audio)).toBe(true);
    expect(out[0]!.startMs).toBe(0);
  });

  it('a data chunk of unknown size is cut all the same, and the last piece ends with the input', async () => {
    const audio = wav(10_000, 1, 8000, null);
    const out = await pieces(audio, 44 + 4000);
    expect(out.map((p) => p.bytes.length - 44)).toEqual([4000, 4000, 2000]);
    expect(out.map((p) => p.startMs)).toEqual([0, 250, 500]);
    // Exactly at a cut: no empty piece after it.
    expect(await pieces(wav(8000, 1, 8000, null), 44 + 4000)).toHaveLength(2);
  });

  it('refuses what it cannot cut: a WAV that is not integer PCM, or a limit smaller than a frame', async () => {
    const mulaw = wav(1000);
    mulaw.writeUInt16LE(7, 20);
    await expect(pieces(mulaw, 500)).rejects.toThrow(AudioNotSplittableError);
    await expect(pieces(wav(1000), 45)).rejects.toThrow(AudioNotSplittableError);
  });

  it('a truncated data chunk fails the piece that runs short', async () => {
    const audio = wav(10_000).subarray(0, 44 + 7000);
    await expect(pieces(audio, 44 + 4000)).rejects.toThrow(/Truncated WAV file/);
  });

  it('a piece abandoned half-read ends the cutting and releases the input', async () => {
    const input = chunked(wav(100_000), 1000);
    const run = (async () => {
      for await (const s of segmenter.segments(input, 44 + 10_000)) {
        s.audio.destroy();
      }
    })();
    await expect(run).rejects.toThrow(/not read to its end/);
    expect(input.destroyed).toBe(true);
  });
});
