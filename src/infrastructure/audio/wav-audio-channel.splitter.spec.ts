import { WavAudioChannelSplitter } from './wav-audio-channel.splitter';
import { wavHeader } from './wav-channel-splitter';
import { chunked, collect } from '@test/support/byte-streams';

const splitter = new WavAudioChannelSplitter();

function stereoMulaw(frames: number): Buffer {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(7, 8); // mu-law
  fmt.writeUInt16LE(2, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(16000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(8, 22);
  const data = Buffer.from(Array.from({ length: frames * 2 }, (_, i) => i % 251));
  const head = Buffer.alloc(8);
  head.write('data', 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, head, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

describe('WavAudioChannelSplitter', () => {
  it('splits integer PCM WAV per channel', async () => {
    const data = Buffer.alloc(4 * 1000);
    for (let i = 0; i < 1000; i++) {
      data.writeInt16LE(i, i * 4);
      data.writeInt16LE(-i, i * 4 + 2);
    }
    const outputs = await splitter.split(
      chunked(Buffer.concat([wavHeader({ channels: 2, sampleRate: 8000, bitsPerSample: 16, dataBytes: data.length }), data]), 333),
      'audio/x-wav',
    );
    const [left, right] = await Promise.all(outputs.map(collect));
    expect(outputs).toHaveLength(2);
    expect(left!.readInt16LE(44 + 2 * 999)).toBe(999);
    expect(right!.readInt16LE(44 + 2 * 999)).toBe(-999);
  });

  it('passes a WAV of an encoding it cannot split (stereo mu-law) through whole, from its first byte', async () => {
    const wav = stereoMulaw(5000);
    const outputs = await splitter.split(chunked(wav, 7), 'audio/wav');
    expect(outputs).toHaveLength(1);
    expect((await collect(outputs[0]!)).equals(wav)).toBe(true);
  });

  it('passes other formats through untouched, and refuses what is not a WAV under a WAV type', async () => {
    const input = chunked(Buffer.from('ID3 and then some mp3'), 4);
    expect(await splitter.split(input, 'audio/mpeg')).toEqual([input]);
    await expect(splitter.split(chunked(Buffer.from('<html>no</html>'), 4), 'audio/wav')).rejects.toThrow(/Not a WAV file/);
  });
});
