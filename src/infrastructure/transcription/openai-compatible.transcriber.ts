import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Transcriber, TranscriptionError, type Transcript, type TranscriptSegment } from '@domain/recording/ports/transcriber.port';
import { AppConfig } from '../config/app-config';

export interface OpenAiCompatibleTranscriberOptions {
  /**
   * Deadline of one transcription, from connecting to the last byte of the answer. The upload
   * is part of it, so it must cover a large recording on a slow link plus the service's work.
   */
  timeoutMs: number;
}

export const DEFAULT_OPENAI_COMPATIBLE_TRANSCRIBER_OPTIONS: OpenAiCompatibleTranscriberOptions = {
  timeoutMs: 10 * 60_000,
};

/** Optional Nest provider token to override the defaults above. */
export const OPENAI_COMPATIBLE_TRANSCRIBER_OPTIONS = Symbol('OPENAI_COMPATIBLE_TRANSCRIBER_OPTIONS');

/** How much of a refusal's body we keep, and of an answer at most (verbose_json of a long call is a few MB). */
const MAX_ERROR_BODY_BYTES = 16_384;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const MAX_QUOTED_CHARS = 300;

/**
 * Speech to text through the OpenAI-compatible `POST /v1/audio/transcriptions` API (OpenAI,
 * Groq, and self-hosted Whisper servers such as faster-whisper-server / speaches and
 * whisper.cpp's server all speak it).
 *
 * The audio is streamed: the multipart/form-data body is generated on the fly (fields first,
 * then the file part fed from the Readable as it is read), and sent with chunked transfer
 * encoding, so memory stays flat whatever the file's size. The answer is requested as
 * `verbose_json` with segment timestamps.
 *
 * Failures are TranscriptionError: 408, 429, 5xx, network failures and timeouts are retryable;
 * other 4xx are not, and carry the service's own message (OpenAI's `{ error: { message } }`,
 * or FastAPI's `{ detail }`). The API key is never part of a message: it is sent only in the
 * authorization header, and any echo of it in a service's message is redacted.
 *
 * The audio stream is consumed; when the transcription fails it is destroyed. If the audio
 * stream itself fails, its own error is rethrown unchanged (it is not the service's fault).
 */
@Injectable()
export class OpenAiCompatibleTranscriber extends Transcriber {
  readonly configured: boolean;
  private readonly options: OpenAiCompatibleTranscriberOptions;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(OPENAI_COMPATIBLE_TRANSCRIBER_OPTIONS) options?: Partial<OpenAiCompatibleTranscriberOptions>,
  ) {
    super();
    this.configured = config.transcription !== null;
    this.options = { ...DEFAULT_OPENAI_COMPATIBLE_TRANSCRIBER_OPTIONS, ...(options ?? {}) };
    if (!Number.isFinite(this.options.timeoutMs) || this.options.timeoutMs <= 0) {
      throw new Error('OpenAiCompatibleTranscriber: timeoutMs must be a positive number');
    }
  }

  /** The endpoint for a base URL, with or without a trailing `/v1`. */
  static endpointFor(baseUrl: string): string {
    const base = baseUrl.replace(/\/+$/, '');
    return /\/v1$/i.test(base) ? `${base}/audio/transcriptions` : `${base}/v1/audio/transcriptions`;
  }

  async transcribe(
    audio: Readable,
    options: { fileName: string; contentType: string; speaker: string; language?: string },
  ): Promise<Transcript> {
    const settings = this.config.transcription;
    if (settings === null) {
      audio.destroy();
      throw new TranscriptionError('Transcription is not configured (set TRANSCRIPTION_API_URL)', false, null);
    }
    const redact = (text: string): string => (settings.key ? text.split(settings.key).join('[redacted]') : text);

    const fields: [string, string][] = [
      ['model', settings.model],
      ['response_format', 'verbose_json'],
      ['timestamp_granularities[]', 'segment'],
    ];
    if (options.language) fields.push(['language', options.language]);

    const boundary = `----SwitchboardFormBoundary${randomBytes(12).toString('hex')}`;
    const headers: Record<string, string> = {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept: 'application/json',
    };
    if (settings.key) headers.authorization = `Bearer ${settings.key}`;

    const source: { error: unknown } = { error: undefined };
    let answer: HttpAnswer;
    try {
      answer = await postStreaming(
        new URL(OpenAiCompatibleTranscriber.endpointFor(settings.url)),
        headers,
        multipartBody(boundary, fields, audio, options.fileName, options.contentType, source),
        this.options.timeoutMs,
      );
    } catch (error) {
      if (!audio.readableEnded) audio.destroy();
      if (source.error !== undefined) throw source.error;
      if (error instanceof TranscriptionError) throw error;
      if (error instanceof DeadlineExceeded) {
        throw new TranscriptionError(`Transcription timed out after ${Math.round(this.options.timeoutMs / 1000)} s`, true, null);
      }
      throw new TranscriptionError(redact(`Transcription service unreachable: ${networkReason(error)}`), true, null);
    }

    const { status, location, body: text } = answer;
    if (status < 200 || status >= 300) {
      if (!audio.readableEnded) audio.destroy();
      if (status >= 300 && status < 400) {
        throw new TranscriptionError(
          redact(
            `Transcription service redirected (HTTP ${status}${location ? ` to ${location}` : ''}): set TRANSCRIPTION_API_URL to the final address`,
          ),
          false,
          status,
        );
      }
      const retryable = status === 408 || status === 429 || status >= 500;
      const reason = errorMessage(text) ?? `HTTP ${status}`;
      throw new TranscriptionError(
        redact(`Transcription service ${retryable ? 'failed' : 'refused the audio'} (HTTP ${status}): ${reason}`),
        retryable,
        status,
      );
    }
    return parseVerboseJson(text, options.speaker, options.language ?? null, settings.model, status);
  }
}

/** The multipart/form-data body: text fields, then the file part streamed from `audio`. */
async function* multipartBody(
  boundary: string,
  fields: [string, string][],
  audio: Readable,
  fileName: string,
  contentType: string,
  source: { error: unknown },
): AsyncGenerator<Buffer> {
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteParam(fileName || 'audio')}"\r\n` +
    `Content-Type: ${contentType.replace(/[\r\n]/g, '') || 'application/octet-stream'}\r\n\r\n`;
  yield Buffer.from(head, 'utf8');
  try {
    for await (const chunk of audio) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
  } catch (error) {
    source.error = error;
    throw error;
  }
  yield Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
}

interface HttpAnswer {
  status: number;
  location: string | null;
  body: string;
}

class DeadlineExceeded extends Error {}

/**
 * POSTs `body` with node:http(s), writing each chunk only when the socket has room, under one
 * deadline for the whole exchange. (Not fetch: Node's built-in undici gives up on response
 * headers after a fixed 300 s, which a self-hosted Whisper server on a long call can exceed.)
 *
 * A service may answer before it has read the whole upload (a wrong key, a rate limit): the
 * upload then stops, the answer is read, and the connection is dropped rather than reused.
 * If the connection breaks after an error status arrived, that status is still reported.
 * A rejection is the source's own error (the body generator threw), DeadlineExceeded, a
 * TranscriptionError, or a network error.
 */
function postStreaming(url: URL, headers: Record<string, string>, body: AsyncGenerator<Buffer>, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    let uploading = true;
    let response: { status: number; location: string | null; chunks: Buffer[]; size: number } | null = null;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const partial = (): HttpAnswer | null =>
      response !== null && (response.status < 200 || response.status >= 300)
        ? { status: response.status, location: response.location, body: Buffer.concat(response.chunks).toString('utf8') }
        : null;
    // After an error status, a broken connection does not hide it.
    const fail = (error: unknown): void => {
      const known = partial();
      settle(() => (known ? resolve(known) : reject(error)));
    };

    const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      settle(() => reject(new DeadlineExceeded()));
      request.destroy();
    }, timeoutMs);

    request.on('error', fail);
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const limit = ok ? MAX_ANSWER_BYTES : MAX_ERROR_BODY_BYTES;
      const location = typeof res.headers.location === 'string' ? res.headers.location : null;
      const current = { status, location, chunks: [] as Buffer[], size: 0 };
      response = current;
      res.on('data', (chunk: Buffer) => {
        if (current.size >= limit) {
          if (!ok) return; // enough of an error page
          settle(() => reject(new TranscriptionError(`Transcription service answer exceeds ${MAX_ANSWER_BYTES} bytes`, false, status)));
          request.destroy();
          return;
        }
        current.chunks.push(chunk);
        current.size += chunk.length;
      });
      res.on('end', () => {
        settle(() => resolve({ status, location, body: Buffer.concat(current.chunks).toString('utf8') }));
        // An answer that came before the end of the upload leaves the connection unusable.
        if (uploading) request.destroy();
      });
      res.on('error', fail);
    });

    void (async () => {
      try {
        for await (const chunk of body) {
          if (settled || request.destroyed) break; // leaving the loop releases the audio stream
          if (!request.write(chunk)) await drained(request);
          if (settled || request.destroyed) break;
        }
        if (!settled && !request.destroyed) {
          uploading = false;
          request.end();
        }
      } catch (error) {
        // The audio stream failed: not the service's fault, and no answer is worth waiting for.
        settle(() => reject(error));
        request.destroy();
      }
    })();
  });
}

/** Resolves when the request can take more data, or is gone. */
function drained(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.on('drain', done);
    request.on('close', done);
  });
}

/** Escapes a multipart parameter value as the WHATWG HTML standard does for form submission. */
function quoteParam(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const detail = (cause ?? error) as { code?: unknown; message?: unknown };
  const code = typeof detail?.code === 'string' ? detail.code : null;
  const message = typeof detail?.message === 'string' ? detail.message : String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

/** The service's own words: OpenAI's `{ error: { message, code } }`, FastAPI's `{ detail }`, or plain text. */
function errorMessage(body: string): string | null {
  const trimmed = body.trim();
  if (trimmed === '') return null;
  try {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    const error = parsed?.error;
    if (error && typeof error === 'object') {
      const { message, code, type } = error as Record<string, unknown>;
      const label = typeof code === 'string' ? code : typeof type === 'string' ? type : null;
      if (typeof message === 'string' && message.trim() !== '') return quote(label ? `${message.trim()} (${label})` : message.trim());
      if (label) return label;
    }
    if (typeof error === 'string' && error.trim() !== '') return quote(error.trim());
    if (typeof parsed?.message === 'string') return quote(parsed.message.trim());
    if (typeof parsed?.detail === 'string') return quote(parsed.detail.trim());
    if (Array.isArray(parsed?.detail)) {
      const first = parsed.detail[0] as { msg?: unknown; loc?: unknown } | undefined;
      if (first && typeof first.msg === 'string') {
        return quote(Array.isArray(first.loc) ? `${first.loc.join('.')}: ${first.msg}` : first.msg);
      }
    }
    return null;
  } catch {
    // An HTML error page from a proxy says little; plain text is quoted.
    return /^<(!doctype|html)/i.test(trimmed) ? null : quote(trimmed);
  }
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_QUOTED_CHARS ? `${flat.slice(0, MAX_QUOTED_CHARS)}…` : flat;
}

interface VerboseJson {
  text?: unknown;
  language?: unknown;
  duration?: unknown;
  segments?: unknown;
}

/**
 * Maps a verbose_json answer to a Transcript. Segment times are seconds and become rounded
 * milliseconds; segments whose text is empty after trimming are left out. An answer without
 * segments (some servers ignore timestamp_granularities) becomes one segment spanning
 * `duration`. A 2xx answer we cannot read is not retryable: it means the URL does not point
 * at a transcription API, which another attempt would not change.
 */
function parseVerboseJson(body: string, speaker: string, requestedLanguage: string | null, model: string, status: number): Transcript {
  const malformed = (why: string) => new TranscriptionError(`Transcription service sent an unreadable answer: ${why}`, false, status);
  let data: VerboseJson;
  try {
    data = JSON.parse(body) as VerboseJson;
  } catch {
    throw malformed('not JSON');
  }
  if (data === null || typeof data !== 'object' || typeof data.text !== 'string') throw malformed('no text');

  const segments: TranscriptSegment[] = [];
  if (Array.isArray(data.segments)) {
    for (const raw of data.segments as Record<string, unknown>[]) {
      const start = Number(raw?.start);
      const end = Number(raw?.end);
      if (typeof raw?.text !== 'string' || !Number.isFinite(start) || !Number.isFinite(end))
        throw malformed('a segment without start, end or text');
      const text = raw.text.trim();
      if (text === '') continue;
      const startMs = Math.max(0, Math.round(start * 1000));
      segments.push({ speaker, startMs, endMs: Math.max(startMs, Math.round(end * 1000)), text });
    }
  } else if (data.text.trim() !== '') {
    const duration = Number(data.duration);
    segments.push({
      speaker,
      startMs: 0,
      endMs: Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) : 0,
      text: data.text.trim(),
    });
  }
  const language = typeof data.language === 'string' && data.language.trim() !== '' ? data.language.trim() : requestedLanguage;
  return { text: data.text.trim(), segments, language, model };
}
