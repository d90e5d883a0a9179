import * as path from 'node:path';
import * as net from 'node:net';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { TranscriptionError } from '@domain/recording/ports/transcriber.port';
import { loadConfig, type AppConfig } from '@infrastructure/config/app-config';
import {
  OpenAiCompatibleTranscriber,
  type OpenAiCompatibleTranscriberOptions,
} from '@infrastructure/transcription/openai-compatible.transcriber';
import { FakeTranscriptionServer, openAiError, transcriptTag, type FakeSegment } from '../fakes/fake-transcription-server';

const KEY = 'sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

function configFor(env: Record<string, string>): AppConfig {
  return loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: '0f'.repeat(32), DATA_DIR: path.resolve(__dirname, '../../.tmp'), ...env });
}

function transcriber(
  url: string | null,
  options: { key?: string | null; model?: string } & Partial<OpenAiCompatibleTranscriberOptions> = {},
) {
  const { key = KEY, model, ...rest } = options;
  const env: Record<string, string> = {};
  if (url !== null) env.TRANSCRIPTION_API_URL = url;
  if (key !== null) env.TRANSCRIPTION_API_KEY = key;
  if (model) env.TRANSCRIPTION_MODEL = model;
  return new OpenAiCompatibleTranscriber(configFor(env), rest);
}

/** A small 8 kHz 16-bit mono WAV carrying a transcript tag in a LIST chunk, as the fake reads it. */
function taggedWav(segments: FakeSegment[], samples = 8000): Buffer {
  const tag = transcriptTag(segments);
  const list = Buffer.concat([Buffer.from('INFO'), Buffer.from('ICMT'), u32(tag.length), tag, Buffer.alloc(tag.length % 2)]);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(((i * 37) % 16000) - 8000, i * 2);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(16000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    Buffer.from('fmt '),
    u32(16),
    fmt,
    Buffer.from('LIST'),
    u32(list.length),
    list,
    Buffer.from('data'),
    u32(data.length),
    data,
  ]);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Streams `bytes` in chunks, as a download would; `bytesTaken` counts what was pulled from it. */
function streamOf(
  bytes: Buffer,
  chunk = 16 * 1024,
  pieces: () => Iterable<Buffer> = function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  },
): Readable & { bytesTaken: number } {
  const counter = { read: 0 };
  const stream = Readable.from(
    (function* () {
      for (const piece of pieces()) {
        counter.read += piece.length;
        yield piece;
      }
    })(),
  );
  return Object.defineProperty(stream, 'bytesTaken', { get: () => counter.read }) as Readable & { bytesTaken: number };
}

/** `totalBytes` of audio made as it is read (a WAV header, then a pattern), never held whole. */
function lazyAudio(totalBytes: number, chunk = 64 * 1024): Readable & { bytesTaken: number } {
  const head = taggedWav(SEGMENTS, 0);
  return streamOf(Buffer.alloc(0), chunk, function* () {
    yield head;
    const block = Buffer.alloc(chunk, 0x2a);
    for (let sent = head.length; sent < totalBytes; sent += chunk) yield block.subarray(0, Math.min(chunk, totalBytes - sent));
  });
}

async function caught(promise: Promise<unknown>): Promise<TranscriptionError> {
  try {
    await promise;
  } catch (error) {
    return error as TranscriptionError;
  }
  throw new Error('expected a rejection');
}

const SEGMENTS: FakeSegment[] = [
  { start: 0, end: 1.52, text: ' Thanks for calling Acme.' },
  { start: 1.52, end: 3.0004, text: '  How can I help you today? ' },
  { start: 3.1, end: 3.2, text: '   ' },
];
const options = { fileName: 'CA123-channel-0.wav', contentType: 'audio/wav', speaker: 'channel:0' };

describe('OpenAiCompatibleTranscriber against a fake OpenAI-compatible server', () => {
  let fake: FakeTranscriptionServer;

  beforeAll(async () => {
    fake = await FakeTranscriptionServer.start({ key: KEY });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.expectKey(KEY);
  });

  it('maps verbose_json segments to milliseconds under the speaker label', async () => {
    const transcript = await transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options);

    expect(transcript).toEqual({
      text: 'Thanks for calling Acme.  How can I help you today?',
      language: 'english',
      model: 'whisper-1',
      segments: [
        { speaker: 'channel:0', startMs: 0, endMs: 1520, text: 'Thanks for calling Acme.' },
        { speaker: 'channel:0', startMs: 1520, endMs: 3000, text: 'How can I help you today?' },
      ],
    });
  });

  it('sends model, response_format, timestamp granularity, language and the streamed file as multipart', async () => {
    const wav = taggedWav(SEGMENTS, 400_000); // 800 KB of audio
    await transcriber(fake.baseUrl, { model: 'whisper-large-v3' }).transcribe(streamOf(wav), { ...options, language: 'en' });

    expect(fake.requests).toHaveLength(1);
    const upload = fake.requests[0]!;
    expect(upload).toMatchObject({
      method: 'POST',
      path: '/v1/audio/transcriptions',
      bearer: KEY,
      model: 'whisper-large-v3',
      language: 'en',
      responseFormat: 'verbose_json',
      timestampGranularities: ['segment'],
      parseError: null,
      status: 200,
    });
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(Object.keys(upload.fields).sort()).toEqual(['language', 'model', 'response_format', 'timestamp_granularities[]']);
    expect(upload.file).toEqual({
      fieldName: 'file',
      fileName: 'CA123-channel-0.wav',
      contentType: 'audio/wav',
      bytes: wav.length,
      sha256: createHash('sha256').update(wav).digest('hex'),
    });
    // Streamed, not buffered: no length known up front, sent in many pieces.
    expect(upload.transferEncoding).toBe('chunked');
    expect(upload.contentLength).toBeNull();
    expect(upload.bodyChunks).toBeGreaterThan(10);
  });

  it('leaves out language when none is given, and the authorization header when no key is set', async () => {
    fake.expectKey(null);
    const transcript = await transcriber(fake.baseUrl, { key: null }).transcribe(streamOf(taggedWav(SEGMENTS)), options);

    expect(transcript.segments).toHaveLength(2);
    const upload = fake.requests[0]!;
    expect(upload.bearer).toBeNull();
    expect(upload.language).toBeNull();
    expect(upload.fields.language).toBeUndefined();
  });

  it('escapes quotes and line breaks in the file name', async () => {
    await transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), { ...options, fileName: 'a"b\r\nc.wav' });
    expect(fake.requests[0]!.file!.fileName).toBe('a%22b%0D%0Ac.wav');
  });

  it.each([
    ['without /v1', (base: string) => base],
    ['with /v1', (base: string) => `${base}/v1`],
    ['with /v1/', (base: string) => `${base}/v1/`],
  ])('reaches /v1/audio/transcriptions from a URL %s', async (_label, url) => {
    const transcript = await transcriber(url(fake.baseUrl)).transcribe(streamOf(taggedWav(SEGMENTS)), options);
    expect(transcript.segments).toHaveLength(2);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/audio/transcriptions']);
  });

  it('builds the endpoint for providers with a path prefix', () => {
    expect(OpenAiCompatibleTranscriber.endpointFor('https://api.groq.com/openai/v1')).toBe(
      'https://api.groq.com/openai/v1/audio/transcriptions',
    );
    expect(OpenAiCompatibleTranscriber.endpointFor('https://api.openai.com')).toBe('https://api.openai.com/v1/audio/transcriptions');
    expect(OpenAiCompatibleTranscriber.endpointFor('http://whisper:8000/')).toBe('http://whisper:8000/v1/audio/transcriptions');
  });

  it('turns a 401 for a wrong key into a non-retryable error with the service message and without the key', async () => {
    const wrongKey = 'sk-wrong-0123456789abcdef0123456789abcdef';
    const error = await caught(transcriber(fake.baseUrl, { key: wrongKey }).transcribe(streamOf(taggedWav(SEGMENTS, 200_000)), options));

    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(401);
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).toContain('invalid_api_key');
    // The fake echoes the key it got in full; the client must not repeat it.
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(wrongKey);
  });

  it('turns a 401 for a missing key into a non-retryable error', async () => {
    const error = await caught(transcriber(fake.baseUrl, { key: null }).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error.message).toContain("You didn't provide an API key");
  });

  it('turns other 4xx answers into non-retryable errors with the service message', async () => {
    fake.enqueue(openAiError(400, { message: 'Invalid file format. Supported formats: [flac, mp3, wav]' }));
    const error = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toMatchObject({ retryable: false, status: 400 });
    expect(error.message).toContain('Invalid file format. Supported formats: [flac, mp3, wav]');

    fake.enqueue({ status: 422, body: { detail: [{ loc: ['body', 'file'], msg: 'Field required', type: 'missing' }] } });
    const fastApi = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(fastApi).toMatchObject({ retryable: false, status: 422 });
    expect(fastApi.message).toContain('body.file: Field required');
  });

  it.each([429, 500, 503])('turns %i into a retryable error', async (status) => {
    fake.failNext(1, status);
    const error = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error).toMatchObject({ retryable: true, status });
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).not.toContain(KEY);
  });

  it('reads an error sent before the upload was read, and releases the audio stream', async () => {
    fake.failNext(1, 500, { early: true });
    const audio = lazyAudio(64 * 1024 * 1024);
    const error = await caught(transcriber(fake.baseUrl).transcribe(audio, options));
    expect(error).toMatchObject({ retryable: true, status: 500 });
    expect(audio.destroyed).toBe(true);
    // The upload stopped: at most what the sockets' buffers took before the answer was read.
    expect(audio.bytesTaken).toBeLessThan(32 * 1024 * 1024);
  });

  it('reports an early refusal even when the service then closes the connection mid-upload', async () => {
    fake.enqueue({ ...openAiError(413), early: true, closeAfter: true });
    const audio = lazyAudio(64 * 1024 * 1024);
    const error = await caught(transcriber(fake.baseUrl).transcribe(audio, options));
    expect(error).toMatchObject({ retryable: false, status: 413 });
    expect(error.message).toContain('Maximum content size limit');
    expect(audio.destroyed).toBe(true);
    expect(audio.bytesTaken).toBeLessThan(32 * 1024 * 1024);
  });

  it('waits for a slow service within the deadline', async () => {
    fake.enqueue({
      status: 200,
      body: { text: 'slow', language: 'en', duration: 1, segments: [{ start: 0, end: 1, text: 'slow' }] },
      delayMs: 1_000,
    });
    const transcript = await transcriber(fake.baseUrl, { timeoutMs: 5_000 }).transcribe(streamOf(taggedWav(SEGMENTS)), options);
    expect(transcript.text).toBe('slow');
  });

  it('recovers once the faults are used up', async () => {
    fake.failNext(2, 429);
    const t = transcriber(fake.baseUrl);
    for (let i = 0; i < 2; i++) {
      await expect(t.transcribe(streamOf(taggedWav(SEGMENTS)), options)).rejects.toMatchObject({ retryable: true, status: 429 });
    }
    const transcript = await t.transcribe(streamOf(taggedWav(SEGMENTS)), options);
    expect(transcript.segments).toHaveLength(2);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('treats a dropped connection as retryable', async () => {
    fake.enqueue({ status: 200, destroy: true });
    const error = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/unreachable/);
  });

  it('treats a refused connection as retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const error = await caught(transcriber(`http://127.0.0.1:${port}`).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('times out after the configured deadline, retryably', async () => {
    fake.enqueue({ ...openAiError(500), delayMs: 3_000 });
    const started = Date.now();
    const error = await caught(transcriber(fake.baseUrl, { timeoutMs: 200 }).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/timed out/);
  });

  it('rethrows a failure of the audio stream itself', async () => {
    const broken = new Error('storage read failed');
    const audio = Readable.from(
      (async function* () {
        yield taggedWav(SEGMENTS).subarray(0, 1000);
        throw broken;
      })(),
    );
    await expect(transcriber(fake.baseUrl).transcribe(audio, options)).rejects.toBe(broken);
    // The aborted upload may still reach the fake after the rejection: let it finish before the next test.
    await fake.waitForRequests(1, 300).catch(() => undefined);
  });

  it('accepts an answer without segments as one segment', async () => {
    fake.enqueue({ status: 200, body: { text: ' Hello there. ', language: 'en', duration: 2.25 } });
    const transcript = await transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), { ...options, speaker: 'agent' });
    expect(transcript).toEqual({
      text: 'Hello there.',
      language: 'en',
      model: 'whisper-1',
      segments: [{ speaker: 'agent', startMs: 0, endMs: 2250, text: 'Hello there.' }],
    });
  });

  it('refuses an unreadable 2xx answer without retrying', async () => {
    fake.enqueue({ status: 200, body: '<html>hello</html>', headers: { 'content-type': 'text/html' } });
    const error = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toMatchObject({ retryable: false, status: 200 });
  });

  it('reports a redirect instead of following it', async () => {
    fake.enqueue({ status: 301, headers: { location: 'https://elsewhere.example/v1/audio/transcriptions' } });
    const error = await caught(transcriber(fake.baseUrl).transcribe(streamOf(taggedWav(SEGMENTS)), options));
    expect(error).toMatchObject({ retryable: false, status: 301 });
    expect(error.message).toContain('https://elsewhere.example');
  });

  it('is not configured without TRANSCRIPTION_API_URL, and says so when used', async () => {
    const t = transcriber(null);
    expect(t.configured).toBe(false);
    expect(transcriber(fake.baseUrl).configured).toBe(true);
    await expect(t.transcribe(streamOf(taggedWav(SEGMENTS)), options)).rejects.toMatchObject({ retryable: false, status: null });
    expect(fake.requests).toHaveLength(0);
  });
});
