import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the OpenAI-compatible speech-to-text API,
 * `POST /v1/audio/transcriptions` (OpenAI, Groq, self-hosted Whisper servers).
 *
 * It parses the multipart/form-data upload as it streams in (the file is counted and hashed,
 * never held whole: only its first 64 KB are kept, to look for a transcript tag), checks the
 * bearer key, validates the fields as OpenAI does, and answers `verbose_json` (or `json` /
 * `text`) with segments derived deterministically from the upload:
 *
 *  - if the file contains a tag made by `transcriptTag([...])` in its first 64 KB (embed it in
 *    a WAV's LIST chunk, say), the tag's segments are the answer;
 *  - otherwise, if the file holds words made by `spokenWord(text)` anywhere (written into a
 *    WAV's samples, say), one segment per word at the time its bytes sit at in the audio
 *    (their offset in the data chunk over the byte rate): a file cut into pieces is heard piece
 *    by piece, each word at its time within its piece;
 *  - otherwise one segment spanning the audio, reading `audio <bytes> bytes <sha256 prefix>`.
 *
 * With `maxBodyBytes` it refuses a request body larger than that as OpenAI does, with 413 and
 * `{ error: { message: 'Maximum content size limit (…) exceeded…', type: 'invalid_request_error' } }`,
 * as soon as the body passes the limit, and closes the connection.
 *
 * Faults are injected with `enqueue(...)` (`failNext(n, 429)`, `openAiError(500)`, dropped
 * connections, delays, answers sent before the upload is read). Every request is recorded.
 *
 *   const fake = await FakeTranscriptionServer.start({ key: 'sk-test' });
 *   fake.failNext(2, 429);
 *   // TRANSCRIPTION_API_URL = fake.baseUrl (or `${fake.baseUrl}/v1`)
 *
 * Unlike OpenAI, which masks a wrong key in its 401 message, this fake echoes the key it was
 * given in full, so tests can prove the client never repeats it.
 */

export interface FakeSegment {
  start: number;
  end: number;
  text: string;
}

export interface FakeAnswer {
  status: number;
  /** An object is sent as JSON, a string as is; absent: no body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long (after reading the upload, or before, with `early`) before answering. */
  delayMs?: number;
  /** Drop the connection instead of answering (a network failure). */
  destroy?: boolean;
  /** Answer as soon as the request headers arrive, without reading the upload. */
  early?: boolean;
  /** With `early`: close the connection once the answer is sent, as proxies refusing a large upload do. */
  closeAfter?: boolean;
}

export interface RecordedUpload {
  method: string;
  path: string;
  /** The bearer token sent, null without one. */
  bearer: string | null;
  contentType: string;
  transferEncoding: string | null;
  contentLength: number | null;
  /** Every text field, repeated names (`timestamp_granularities[]`) in order. */
  fields: Record<string, string[]>;
  model: string | null;
  language: string | null;
  responseFormat: string | null;
  timestampGranularities: string[];
  file: { fieldName: string; fileName: string | null; contentType: string | null; bytes: number; sha256: string } | null;
  /** Total bytes of the request body, and how they arrived. */
  bodyBytes: number;
  bodyChunks: number;
  /** The most the multipart parser held at once: stays small however large the file is. */
  maxBufferedBytes: number;
  /** Why the multipart body could not be parsed, null when it was fine (or not read). */
  parseError: string | null;
  status: number | null;
}

/** OpenAI's error body and status for common failures. */
export function openAiError(status: number, overrides: { message?: string; type?: string; code?: string | null } = {}): FakeAnswer {
  const defaults: Record<number, { message: string; type: string; code: string | null; headers?: Record<string, string> }> = {
    400: { message: 'Invalid file format.', type: 'invalid_request_error', code: null },
    401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
    413: { message: 'Maximum content size limit (26214400) exceeded.', type: 'invalid_request_error', code: null },
    429: {
      message: 'Rate limit reached for whisper-1 on requests per min (RPM): Limit 50, Used 50, Requested 1. Please try again in 1.2s.',
      type: 'requests',
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': '2' },
    },
    500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
    503: { message: 'The engine is currently overloaded, please try again later', type: 'server_error', code: null },
  };
  const d = defaults[status] ?? { message: `HTTP ${status}`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  return {
    status,
    headers: d.headers,
    body: {
      error: {
        message: overrides.message ?? d.message,
        type: overrides.type ?? d.type,
        param: null,
        code: overrides.code === undefined ? d.code : overrides.code,
      },
    },
  };
}

const WORD = 'FAKE-WORD:';
/** How long the fake says a word lasts. */
const WORD_SECONDS = 0.4;
const TAG = 'FAKE-TRANSCRIPT:';
const TAG_END = '\n';
const KEEP_FILE_HEAD = 64 * 1024;

/** Bytes to embed in a test file: the fake answers with exactly these segments. */
export function transcriptTag(segments: FakeSegment[], language = 'english'): Buffer {
  return Buffer.from(`${TAG}${JSON.stringify({ language, segments })}${TAG_END}`, 'utf8');
}

/** Bytes to write into audio samples: the fake hears `text` at the time these bytes sit at. */
export function spokenWord(text: string): Buffer {
  return Buffer.from(`${WORD}${text}${TAG_END}`, 'latin1');
}

export class FakeTranscriptionServer {
  readonly requests: RecordedUpload[] = [];
  /** Bodies larger than this are refused with OpenAI's 413; null: no limit. */
  maxBodyBytes: number | null;
  /** Every answer waits this long (a slow service, so that concurrent askers overlap). */
  answerDelayMs = 0;
  private readonly queue: FakeAnswer[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private handled = 0;
  private key: string | null;

  private constructor(
    private readonly server: http.Server,
    options: { key?: string | null; maxBodyBytes?: number | null },
  ) {
    this.key = options.key ?? null;
    this.maxBodyBytes = options.maxBodyBytes ?? null;
  }

  /** With `key`, every request must carry `authorization: Bearer <key>`; with `maxBodyBytes`, larger bodies are refused (413). */
  static async start(options: { key?: string | null; maxBodyBytes?: number | null } = {}): Promise<FakeTranscriptionServer> {
    let fake: FakeTranscriptionServer | null = null;
    const server = http.createServer((req, res) => {
      fake!
        .handle(req, res)
        .catch((error: unknown) => {
          if (res.destroyed) return;
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        })
        .finally(() => fake!.settled());
    });
    fake = new FakeTranscriptionServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** e.g. http://127.0.0.1:54321: the API lives under `${baseUrl}/v1`. */
  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The key requests must carry (null: any or none). */
  expectKey(key: string | null): this {
    this.key = key;
    return this;
  }

  /** The next requests get these answers, in order, instead of a transcript. */
  enqueue(...answers: FakeAnswer[]): this {
    this.queue.push(...answers);
    return this;
  }

  /** The next `count` requests fail with OpenAI's error for `status` (429, 500, 503, 401, ...). */
  failNext(count: number, status: number, options: Partial<FakeAnswer> = {}): this {
    for (let i = 0; i < count; i++) this.queue.push({ ...openAiError(status), ...options });
    return this;
  }

  /** The next request is answered with these segments whatever it uploads. */
  replyNext(segments: FakeSegment[], language = 'english'): this {
    this.queue.push({ status: 200, body: verboseJson(segments, language) });
    return this;
  }

  /**
   * Resolves once `count` requests (since the last reset) have been answered or abandoned.
   * A client that gives up early (its upload failed) may reach the server after it has
   * rejected: wait for that request before scripting the next test's answers.
   */
  async waitForRequests(count: number, timeoutMs = 5_000): Promise<void> {
    if (this.handled >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} requests, saw ${this.handled}`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  reset(): void {
    this.answerDelayMs = 0;
    this.requests.length = 0;
    this.queue.length = 0;
    this.handled = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private settled(): void {
    this.handled++;
    for (const waiter of [...this.waiters]) {
      if (this.handled >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** A delay that close() cancels, so a slow scripted answer does not outlive the server. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.transcription');
    const contentType = String(req.headers['content-type'] ?? '');
    const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
    const record: RecordedUpload = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      bearer: auth ? auth[1]!.trim() : null,
      contentType,
      transferEncoding: req.headers['transfer-encoding'] ?? null,
      contentLength: req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null,
      fields: {},
      model: null,
      language: null,
      responseFormat: null,
      timestampGranularities: [],
      file: null,
      bodyBytes: 0,
      bodyChunks: 0,
      maxBufferedBytes: 0,
      parseError: null,
      status: null,
    };
    this.requests.push(record);
    const send = async (answer: FakeAnswer): Promise<void> => {
      record.status = answer.destroy ? null : answer.status;
      const delayMs = answer.delayMs ?? this.answerDelayMs;
      if (delayMs) await this.delay(delayMs);
      await respond(res, answer);
    };

    if (record.method !== 'POST' || url.pathname !== '/v1/audio/transcriptions') {
      req.resume();
      await send({
        status: 404,
        body: {
          error: { message: `Invalid URL (${record.method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null },
        },
      });
      return;
    }
    const scripted = this.queue.shift();
    if (scripted?.early) {
      await send(scripted);
      if (scripted.closeAfter) res.once('finish', () => setImmediate(() => req.socket.destroy()));
      else req.resume();
      return;
    }
    // A wrong key is refused as soon as the headers are in, as API gateways do.
    if (this.key !== null && record.bearer !== this.key) {
      if (scripted) this.queue.unshift(scripted);
      const message =
        record.bearer === null
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : `Incorrect API key provided: ${record.bearer}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      await send(openAiError(401, { message, code: record.bearer === null ? null : 'invalid_api_key' }));
      req.resume();
      return;
    }

    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!/^multipart\/form-data/i.test(contentType) || !boundary) {
      req.resume();
      await send(openAiError(400, { message: 'Invalid Content-Type header (expected multipart/form-data with a boundary)' }));
      return;
    }
    const limit = this.maxBodyBytes;
    const tooLarge = async (): Promise<void> => {
      // As OpenAI's front door does: refused while the upload still comes, then the connection is closed.
      res.once('finish', () => setImmediate(() => req.socket?.destroy()));
      await send(openAiError(413, { message: `Maximum content size limit (${limit}) exceeded (${record.bodyBytes} bytes read)` }));
    };
    if (limit !== null && record.contentLength !== null && record.contentLength > limit) {
      await tooLarge();
      return;
    }
    const parser = new MultipartParser(boundary[1] ?? boundary[2]!, record);
    try {
      for await (const chunk of req) {
        record.bodyBytes += (chunk as Buffer).length;
        record.bodyChunks++;
        if (limit !== null && record.bodyBytes > limit) {
          await tooLarge();
          return;
        }
        parser.write(chunk as Buffer);
      }
      parser.end();
    } catch (error) {
      record.parseError = (error as Error).message;
    }
    if (scripted) {
      await send(scripted);
      return;
    }
    if (record.parseError) {
      await send(openAiError(400, { message: `Could not parse multipart form: ${record.parseError}` }));
      return;
    }
    if (!record.model) {
      await send(openAiError(400, { message: 'you must provide a model parameter', code: null }));
      return;
    }
    if (!record.file) {
      await send(openAiError(400, { message: "[{'type': 'missing', 'loc': ('body', 'file'), 'msg': 'Field required'}]" }));
      return;
    }
    const format = record.responseFormat ?? 'json';
    if (!['json', 'text', 'verbose_json', 'srt', 'vtt'].includes(format)) {
      await send(
        openAiError(400, { message: `'${format}' is not one of ['json', 'text', 'srt', 'verbose_json', 'vtt'] - 'response_format'` }),
      );
      return;
    }
    const { segments, language } = parser.transcript();
    const text = segments
      .map((s) => s.text)
      .join('')
      .trim();
    if (format === 'verbose_json') await send({ status: 200, body: verboseJson(segments, record.language ?? language) });
    else if (format === 'text') await send({ status: 200, body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    else await send({ status: 200, body: { text } });
  }
}

function verboseJson(segments: FakeSegment[], language: string): Record<string, unknown> {
  return {
    task: 'transcribe',
    language,
    duration: segments.length > 0 ? segments[segments.length - 1]!.end : 0,
    text: segments
      .map((s) => s.text)
      .join('')
      .trim(),
    segments: segments.map((s, id) => ({
      id,
      seek: 0,
      start: s.start,
      end: s.end,
      text: s.text,
      tokens: [],
      temperature: 0,
      avg_logprob: -0.25,
      compression_ratio: 1.2,
      no_speech_prob: 0.01,
    })),
  };
}

/**
 * Streaming multipart/form-data parser: holds only the bytes that might be the start of the
 * next boundary, plus the current part's headers.
 */
class MultipartParser {
  private readonly delimiter: Buffer;
  private buffer: Buffer;
  private state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  private part: { name: string; fileName: string | null; contentType: string | null; chunks: Buffer[]; size: number } | null = null;
  private fileHash: ReturnType<typeof createHash> | null = null;
  private fileHead: Buffer[] = [];
  private fileHeadBytes = 0;
  private fileBytes = 0;
  /** Words found in the file so far (offset: of the word's first byte in the file), and the bytes still to search. */
  readonly words: { offset: number; text: string }[] = [];
  private scan = Buffer.alloc(0);
  private scanStart = 0;

  constructor(
    boundary: string,
    private readonly record: RecordedUpload,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    // The first boundary has no CRLF before it.
    this.buffer = Buffer.from('\r\n');
  }

  write(chunk: Buffer): void {
    this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.record.maxBufferedBytes = Math.max(this.record.maxBufferedBytes, this.buffer.length);
    this.drain();
  }

  end(): void {
    if (this.state !== 'done') throw new Error(`multipart body ended in state ${this.state}`);
  }

  /** The segments a tag in the file asks for, or one derived from the file's bytes. */
  transcript(): { segments: FakeSegment[]; language: string } {
    const head = Buffer.concat(this.fileHead).toString('latin1');
    const at = head.indexOf(TAG);
    if (at >= 0) {
      const end = head.indexOf(TAG_END, at);
      const json = Buffer.from(head.slice(at + TAG.length, end < 0 ? undefined : end), 'latin1').toString('utf8');
      const parsed = JSON.parse(json) as { language: string; segments: FakeSegment[] };
      return parsed;
    }
    const file = this.record.file!;
    const wav = Buffer.concat(this.fileHead);
    if (this.words.length > 0) {
      const { dataStart, byteRate } = wavLayout(wav);
      return {
        language: 'english',
        segments: this.words.map((w) => {
          const start = Math.round(((w.offset - dataStart) / byteRate) * 1000) / 1000;
          return { start, end: Math.round((start + WORD_SECONDS) * 1000) / 1000, text: ` ${w.text}` };
        }),
      };
    }
    const byteRate = wav.length >= 44 && wav.toString('latin1', 0, 4) === 'RIFF' ? wav.readUInt32LE(28) : 16_000;
    const seconds = Math.round((file.bytes / Math.max(1, byteRate)) * 100) / 100;
    return { language: 'english', segments: [{ start: 0, end: seconds, text: ` audio ${file.bytes} bytes ${file.sha256.slice(0, 8)}` }] };
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'done') {
        this.buffer = Buffer.alloc(0); // the epilogue
        return;
      }
      if (this.state === 'headers') {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buffer.length > 16 * 1024) throw new Error('part headers too long');
          return;
        }
        this.startPart(this.buffer.subarray(0, end).toString('utf8'));
        this.buffer = this.buffer.subarray(end + 4);
        this.state = 'body';
        continue;
      }
      // preamble or body: look for the next delimiter.
      const at = this.buffer.indexOf(this.delimiter);
      if (at < 0) {
        // Keep what could be the start of a delimiter split across chunks.
        const keep = Math.min(this.buffer.length, this.delimiter.length - 1);
        this.data(this.buffer.subarray(0, this.buffer.length - keep));
        this.buffer = Buffer.from(this.buffer.subarray(this.buffer.length - keep));
        return;
      }
      const after = at + this.delimiter.length;
      if (this.buffer.length < after + 2) {
        this.data(this.buffer.subarray(0, at));
        this.buffer = Buffer.from(this.buffer.subarray(at));
        return;
      }
      this.data(this.buffer.subarray(0, at));
      this.finishPart();
      const next = this.buffer.toString('latin1', after, after + 2);
      this.buffer = this.buffer.subarray(after + 2);
      if (next === '--') this.state = 'done';
      else if (next === '\r\n') this.state = 'headers';
      else throw new Error('malformed boundary line');
    }
  }

  private startPart(rawHeaders: string): void {
    const headers = new Map<string, string>();
    for (const line of rawHeaders.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!/^form-data/i.test(disposition) || name === undefined) throw new Error(`part without a form-data name: ${disposition}`);
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    this.part = { name, fileName, contentType: headers.get('content-type') ?? null, chunks: [], size: 0 };
    if (fileName !== null) {
      this.fileHash = createHash('sha256');
      this.fileHead = [];
      this.fileHeadBytes = 0;
      this.fileBytes = 0;
      this.words.length = 0;
      this.scan = Buffer.alloc(0);
      this.scanStart = 0;
    }
  }

  private data(bytes: Buffer): void {
    if (this.state !== 'body' || this.part === null || bytes.length === 0) return;
    if (this.part.fileName !== null) {
      this.fileHash!.update(bytes);
      this.findWords(bytes);
      this.fileBytes += bytes.length;
      if (this.fileHeadBytes < KEEP_FILE_HEAD) {
        const slice = Buffer.from(bytes.subarray(0, KEEP_FILE_HEAD - this.fileHeadBytes));
        this.fileHead.push(slice);
        this.fileHeadBytes += slice.length;
      }
      return;
    }
    this.part.size += bytes.length;
    if (this.part.size > 64 * 1024) throw new Error(`field ${this.part.name} is too long`);
    this.part.chunks.push(Buffer.from(bytes));
  }

  /** Looks for spoken words as the file streams past, holding only a possible word's bytes. */
  private findWords(bytes: Buffer): void {
    if (this.scan.length === 0) this.scanStart = this.fileBytes;
    this.scan = this.scan.length > 0 ? Buffer.concat([this.scan, bytes]) : Buffer.from(bytes);
    for (;;) {
      const at = this.scan.indexOf(WORD, 0, 'latin1');
      if (at < 0) {
        const keep = Math.min(this.scan.length, WORD.length - 1);
        this.scanStart += this.scan.length - keep;
        this.scan = this.scan.subarray(this.scan.length - keep);
        return;
      }
      const end = this.scan.indexOf(TAG_END, at + WORD.length, 'latin1');
      if (end < 0) {
        // A word cut by the chunk: wait for its end (a runaway one is dropped).
        if (this.scan.length - at > 256) {
          this.scanStart += at + WORD.length;
          this.scan = this.scan.subarray(at + WORD.length);
          continue;
        }
        this.scanStart += at;
        this.scan = this.scan.subarray(at);
        return;
      }
      this.words.push({ offset: this.scanStart + at, text: this.scan.toString('latin1', at + WORD.length, end) });
      this.scanStart += end + 1;
      this.scan = this.scan.subarray(end + 1);
    }
  }

  private finishPart(): void {
    const part = this.part;
    this.part = null;
    if (this.state !== 'body' || part === null) return;
    if (part.fileName !== null) {
      this.record.file = {
        fieldName: part.name,
        fileName: part.fileName,
        contentType: part.contentType,
        bytes: this.fileBytes,
        sha256: this.fileHash!.digest('hex'),
      };
      return;
    }
    const value = Buffer.concat(part.chunks).toString('utf8');
    (this.record.fields[part.name] ??= []).push(value);
    if (part.name === 'model') this.record.model = value;
    if (part.name === 'language') this.record.language = value;
    if (part.name === 'response_format') this.record.responseFormat = value;
    if (part.name === 'timestamp_granularities[]') this.record.timestampGranularities.push(value);
  }
}

/** Where a WAV's data chunk starts and its byte rate (a canonical 44-byte header when unsure). */
function wavLayout(head: Buffer): { dataStart: number; byteRate: number } {
  let byteRate = 16_000;
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF') return { dataStart: 0, byteRate };
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 20 <= head.length) byteRate = head.readUInt32LE(at + 16);
    if (id === 'data') return { dataStart: at + 8, byteRate };
    at += 8 + size + (size % 2);
  }
  return { dataStart: 44, byteRate };
}

async function respond(res: http.ServerResponse, answer: FakeAnswer): Promise<void> {
  if (answer.destroy) {
    res.socket?.destroy();
    return;
  }
  if (res.destroyed) return;
  let payload: Buffer | null = null;
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  if (typeof answer.body === 'string') payload = Buffer.from(answer.body);
  else if (answer.body !== undefined && answer.body !== null) {
    payload = Buffer.from(JSON.stringify(answer.body));
    headers['content-type'] ??= 'application/json';
  }
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(answer.status, headers);
  res.end(payload ?? undefined);
}
