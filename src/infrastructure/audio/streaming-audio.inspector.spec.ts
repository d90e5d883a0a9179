import type { AudioInspection } from '@domain/recording/audio-inspection';
import { StreamingAudioInspector } from './streaming-audio.inspector';
import { wavHeader } from './wav-channel-splitter';
import { twilioWavInspection } from '@test/support/audio-inspections';
import { u16, u32 } from '@test/support/byte-streams';

const inspector = new StreamingAudioInspector();

function chunk(id: string, body: Buffer, size = body.length): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), u32(size), body, body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
}

function fmt(f: { format?: number; channels: number; sampleRate: number; bits: number }): Buffer {
  const blockAlign = (f.channels * f.bits) / 8;
  return chunk(
    'fmt ',
    Buffer.concat([u16(f.format ?? 1), u16(f.channels), u32(f.sampleRate), u32(f.sampleRate * blockAlign), u16(blockAlign), u16(f.bits)]),
  );
}

/** 16-bit PCM at 8 kHz, `seconds` long, a ramp in every channel. */
function pcmWav(seconds: number, channels: number): Buffer {
  const frames = Math.round(8000 * seconds);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames * channels; i++) data.writeInt16LE((i * 7) % 30000, i * 2);
  return Buffer.concat([wavHeader({ channels, sampleRate: 8000, bitsPerSample: 16, dataBytes: data.length }), data]);
}

/** Feeds `bytes` in chunks whose sizes cycle through `sizes`. */
function inspect(format: string, bytes: Buffer, sizes: number[] = [64 * 1024]): AudioInspection {
  const inspection = inspector.inspect(format);
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const size = sizes[n % sizes.length]!;
    inspection.push(bytes.subarray(at, at + size));
    at += size;
  }
  return inspection.end();
}

/** An MPEG audio frame: 4 header bytes, then filler up to the frame's length. */
function frame(header: number[], length: number): Buffer {
  const f = Buffer.alloc(length, 0x55);
  f.set(header, 0);
  return f;
}
// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo: 417 bytes (418 with padding), 1,152 samples.
const MP3_FRAME = frame([0xff, 0xfb, 0x90, 0x44], 417);
const MP3_PADDED_FRAME = frame([0xff, 0xfb, 0x92, 0x44], 418);
// MPEG-2 Layer III, 8 kbit/s at 22.05 kHz, mono: 576 samples, 26 bytes.
const MPEG2_MONO_FRAME = frame([0xff, 0xf3, 0x10, 0xc0], 26);

function id3(size: number): Buffer {
  return Buffer.concat([
    Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]),
    Buffer.alloc(size),
  ]);
}

describe('StreamingAudioInspector: WAV', () => {
  it('reads a stereo 16-bit WAV the same whatever the chunk sizes: channels, rate, duration', () => {
    const wav = pcmWav(2.5, 2);
    const expected = twilioWavInspection(2.5, { totalBytes: wav.length });
    expect(inspect('wav', wav)).toEqual(expected);
    expect(inspect('wav', wav, [1, 2, 3, 5, 7])).toEqual(expected);
    expect(inspect('wav', wav, [43, 1, 1000])).toEqual(expected);
  });

  it('skips LIST and fact chunks before the data and ignores chunks after it', () => {
    const data = Buffer.alloc(8000 * 2 * 3); // 3 s of mono
    const wav = riff(
      fmt({ channels: 1, sampleRate: 8000, bits: 16 }),
      chunk('LIST', Buffer.alloc(301, 0x41)),
      chunk('fact', u32(24000)),
      chunk('data', data),
      chunk('id3 ', Buffer.alloc(500)),
    );
    expect(inspect('wav', wav, [7])).toMatchObject({ channels: 1, durationSeconds: 3, problem: null, totalBytes: wav.length });
  });

  it('reads data of unknown size (0xFFFFFFFF, as streaming writers leave it) to the end', () => {
    const data = Buffer.alloc(8000 * 4);
    const wav = riff(fmt({ channels: 2, sampleRate: 8000, bits: 16 }), chunk('data', data, 0xffffffff));
    expect(inspect('wav', wav)).toMatchObject({ durationSeconds: 1, problem: null });
  });

  it('reads other encodings (mu-law, IEEE float) for what they are', () => {
    const mulaw = riff(fmt({ format: 7, channels: 2, sampleRate: 8000, bits: 8 }), chunk('data', Buffer.alloc(8000 * 2 * 5, 0xff)));
    expect(inspect('wav', mulaw)).toMatchObject({
      encoding: 'format code 7 (mu-law)',
      bitsPerSample: 8,
      channels: 2,
      durationSeconds: 5,
      problem: null,
    });
    const float = riff(fmt({ format: 3, channels: 1, sampleRate: 16000, bits: 32 }), chunk('data', Buffer.alloc(16000 * 4)));
    expect(inspect('wav', float)).toMatchObject({ encoding: 'format code 3 (IEEE float)', durationSeconds: 1, problem: null });
  });

  it.each([
    [
      '15 bytes: RIFF....WAVEfmt',
      Buffer.from('RIFF\x07\x00\x00\x00WAVEfmt', 'latin1'),
      'Not a WAV file: the stream ended before the data chunk',
    ],
    [
      'a header and no data',
      wavHeader({ channels: 1, sampleRate: 8000, bitsPerSample: 16, dataBytes: 0 }),
      'The WAV file holds no audio: its data chunk is empty',
    ],
    [
      'a header declaring data that never comes',
      wavHeader({ channels: 1, sampleRate: 8000, bitsPerSample: 16, dataBytes: 3200 }),
      'Truncated WAV file: the data chunk ended after 0 of 3200 bytes',
    ],
    ['a truncated WAV', pcmWav(1, 2).subarray(0, 44 + 1000), 'Truncated WAV file: the data chunk ended after 1000 of 32000 bytes'],
    [
      'data that ends mid-frame',
      riff(fmt({ channels: 2, sampleRate: 8000, bits: 16 }), chunk('data', Buffer.alloc(4002))),
      'Invalid WAV file: 4002 bytes of data is not a whole number of 4-byte frames',
    ],
    [
      'a data chunk before the fmt chunk',
      riff(chunk('data', Buffer.alloc(8)), fmt({ channels: 1, sampleRate: 8000, bits: 16 })),
      'Invalid WAV file: the data chunk comes before the fmt chunk',
    ],
    [
      'RIFF/WAVE then bytes that are no chunk',
      Buffer.concat([Buffer.from('RIFF\xff\xff\x00\x00WAVE', 'latin1'), Buffer.from([0x9c, 0x01, 0xfe, 0x33]), Buffer.alloc(5000, 0x9c)]),
      'Invalid WAV file: no chunk header at byte 12 (0x9c01fe33)',
    ],
    ['an HTML page', Buffer.from('<html><body>Service Unavailable</body></html>'), 'Not a WAV file: no RIFF/WAVE header'],
    ['11 bytes', Buffer.from('RIFF\x00\x00\x00\x00WAV', 'latin1'), 'Not a WAV file: the stream ended before the data chunk'],
  ])('%s: %s', (_label, bytes, problem) => {
    for (const sizes of [[64 * 1024], [1], [3, 5]]) expect(inspect('wav', bytes, sizes).problem).toBe(problem);
  });

  it('knows a stream is not a WAV from its first bytes, before it ends (so the download can stop)', () => {
    const inspection = inspector.inspect('wav');
    inspection.push(Buffer.from('<html><body>Service'));
    expect(inspection.problem).toBe('Not a WAV file: no RIFF/WAVE header');
    const junk = inspector.inspect('wav');
    junk.push(Buffer.concat([Buffer.from('RIFF\xff\xff\x00\x00WAVE', 'latin1'), Buffer.from([0x00, 0x01, 0x02, 0x03, 9, 9, 9, 9])]));
    expect(junk.problem).toMatch(/^Invalid WAV file: no chunk header at byte 12/);
    const fine = inspector.inspect('wav');
    fine.push(pcmWav(1, 1).subarray(0, 100));
    expect(fine.problem).toBeNull();
  });

  it('says what the bytes are when they are not the format asked for', () => {
    expect(inspect('wav', Buffer.concat([id3(10), MP3_FRAME]))).toMatchObject({
      format: 'mp3',
      problem: 'Not a WAV file: no RIFF/WAVE header',
    });
    expect(inspect('wav', Buffer.from('<html></html>'))).toMatchObject({ format: null, parsed: false });
  });

  it('inspects 200 MB of WAV in constant memory', () => {
    const inspection = inspector.inspect('wav');
    const dataBytes = 200 * 1024 * 1024;
    inspection.push(wavHeader({ channels: 2, sampleRate: 8000, bitsPerSample: 16, dataBytes }));
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 200; i++) inspection.push(block);
    const result = inspection.end();
    expect(result).toMatchObject({ problem: null, durationSeconds: dataBytes / 32000, totalBytes: dataBytes + 44 });
  });
});

describe('StreamingAudioInspector: MP3', () => {
  it('reads ID3-tagged MPEG-1 Layer III frames, padded or not, whatever the chunk sizes', () => {
    const mp3 = Buffer.concat([id3(1000), ...Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? MP3_PADDED_FRAME : MP3_FRAME))]);
    const expected: AudioInspection = {
      format: 'mp3',
      parsed: true,
      encoding: 'MPEG-1 Layer III',
      bitsPerSample: null,
      channels: 2,
      sampleRate: 44100,
      durationSeconds: (100 * 1152) / 44100,
      totalBytes: mp3.length,
      problem: null,
    };
    expect(inspect('mp3', mp3)).toEqual(expected);
    expect(inspect('mp3', mp3, [1, 2, 3, 5, 7, 11])).toEqual(expected);
  });

  it('reads MPEG-2 mono frames (576 samples each), without an ID3 tag', () => {
    const mp3 = Buffer.concat(Array.from({ length: 50 }, () => MPEG2_MONO_FRAME));
    expect(inspect('mp3', mp3, [10])).toMatchObject({
      encoding: 'MPEG-2 Layer III',
      channels: 1,
      sampleRate: 22050,
      durationSeconds: (50 * 576) / 22050,
      problem: null,
    });
  });

  it('stops at an ID3v1 trailer, and drops a last frame cut short', () => {
    const tagged = Buffer.concat([MP3_FRAME, MP3_FRAME, Buffer.from('TAG'), Buffer.alloc(125)]);
    expect(inspect('mp3', tagged, [100])).toMatchObject({ durationSeconds: (2 * 1152) / 44100, problem: null });
    const cut = Buffer.concat([MP3_FRAME, MP3_FRAME, MP3_FRAME.subarray(0, 200)]);
    expect(inspect('mp3', cut, [64])).toMatchObject({ durationSeconds: (2 * 1152) / 44100, problem: null });
  });

  it.each([
    ['an ID3 tag alone', id3(300), 'Not an MP3 file: no complete MPEG audio frame'],
    [
      'an ID3 tag then text',
      Buffer.concat([id3(20), Buffer.from('this is not an mpeg frame')]),
      'Not an MP3 file: no MPEG audio frame at byte 30',
    ],
    [
      'frames that lose sync',
      Buffer.concat([MP3_FRAME, MP3_FRAME, Buffer.from('garbage in the middle of the stream'), MP3_FRAME]),
      'Invalid MP3 file: the frames lose sync at byte 834, after 2 frames',
    ],
    [
      'frames of another sample rate mixed in',
      Buffer.concat([MP3_FRAME, MPEG2_MONO_FRAME]),
      'Invalid MP3 file: the frames lose sync at byte 417, after 1 frame',
    ],
    ['one frame cut short', MP3_FRAME.subarray(0, 300), 'Not an MP3 file: no complete MPEG audio frame'],
    ['a WAV', pcmWav(0.1, 1), 'Not an MP3 file: no MPEG audio frame at byte 0'],
  ])('%s: %s', (_label, bytes, problem) => {
    for (const sizes of [[64 * 1024], [1], [5, 9]]) expect(inspect('mp3', bytes, sizes).problem).toBe(problem);
  });
});

describe('StreamingAudioInspector: other formats', () => {
  it('recognises them by their first bytes only', () => {
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(100)]);
    expect(inspect('ogg', ogg)).toMatchObject({
      format: 'ogg',
      parsed: false,
      problem: null,
      channels: null,
      durationSeconds: null,
      totalBytes: 104,
    });
    expect(inspect('flac', ogg)).toMatchObject({ format: 'ogg', problem: 'Not FLAC audio' });
    expect(inspect('wav', Buffer.alloc(0))).toMatchObject({ format: null, problem: 'The file is empty' });
  });
});
