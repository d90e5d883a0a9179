import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's REST API (https://api.twilio.com), for the failures a
 * contract mock cannot produce: scripted answers per path, Twilio's JSON error shape
 * `{ code, message, more_info, status }`, 5xx without a body, slow answers, dropped
 * connections, and recording media. Every request is recorded so tests can count attempts.
 *
 *   const fake = await FakeTwilioServer.start();
 *   fake.script('POST', `/2010-04-01/Accounts/${sid}/Calls.json`, [twilioError(503), { status: 201, body: fakeCall() }]);
 *   // point the gateway at fake.baseUrl (AppConfig.twilioApiBaseUrl)
 */

export interface ScriptedAnswer {
  status: number;
  /** An object is sent as JSON, a string or Buffer as is; absent or null: no body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to trip a client's timeout). */
  delayMs?: number;
  /** Drop the connection instead of answering (a network failure). */
  destroy?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** The x-www-form-urlencoded body; repeated keys (StatusCallbackEvent) become arrays. */
  form: Record<string, string | string[]>;
  /** The Basic auth user name (the account SID), null without Basic auth. */
  authUser: string | null;
  /** Whether Basic auth carried a password; the password itself is never kept. */
  authHasPassword: boolean;
  headers: http.IncomingHttpHeaders;
}

interface Script {
  method: string;
  path: string | RegExp;
  answers: ScriptedAnswer[];
  served: number;
}

interface Media {
  body: Buffer;
  contentType: string;
  /** The next `count` GETs send the headers and `afterBytes` bytes, then nothing more (the connection stays open). */
  stall?: { count: number; afterBytes: number };
}

/** Twilio's error body. 5xx answers from Twilio often have no body at all: pass `{ body: null }` for those. */
export function twilioError(status: number, code?: number, message?: string): ScriptedAnswer {
  if (code === undefined && status >= 500) return { status };
  const c = code ?? status;
  return {
    status,
    body: {
      code: c,
      message: message ?? DEFAULT_MESSAGES[c] ?? `HTTP ${status}`,
      more_info: `https://www.twilio.com/docs/errors/${c}`,
      status,
    },
  };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  21211: "The 'To' number is not a valid phone number.",
  21212: "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID.",
  21214: "'To' phone number cannot be reached",
  13227: 'Geo Permission configuration is not permitting call',
  21220: 'Call is not in-progress. Cannot redirect.',
};

/**
 * What Twilio answers when the call has no recording in progress (an update of
 * Calls/{CallSid}/Recordings/Twilio.CURRENT.json): 404 with code 20404.
 */
export function noRecordingInProgress(callSid: string): ScriptedAnswer {
  return twilioError(
    404,
    20404,
    `The requested resource /2010-04-01/Accounts/.../Calls/${callSid}/Recordings/Twilio.CURRENT.json was not found`,
  );
}

/** A call's Recording resource as Twilio answers an update of it (snake_case, RFC 2822 dates, strings for numbers). */
export function fakeCallRecording(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const accountSid = (overrides.account_sid as string | undefined) ?? 'AC00000000000000000000000000000000';
  const callSid = (overrides.call_sid as string | undefined) ?? 'CA00000000000000000000000000000001';
  const sid = (overrides.sid as string | undefined) ?? 'RE00000000000000000000000000000001';
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    call_sid: callSid,
    conference_sid: null,
    date_created: 'Thu, 12 Feb 2026 12:00:00 +0000',
    date_updated: 'Thu, 12 Feb 2026 12:00:10 +0000',
    start_time: 'Thu, 12 Feb 2026 12:00:00 +0000',
    duration: null,
    sid,
    price: null,
    price_unit: null,
    status: 'paused',
    channels: 2,
    source: 'DialVerb',
    error_code: null,
    track: 'both',
    uri: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}/Recordings/${sid}.json`,
    encryption_details: null,
    ...overrides,
  };
}

/** A Call resource as Twilio's API returns it (snake_case, RFC 2822 dates, strings for numbers). */
export function fakeCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const accountSid = (overrides.account_sid as string | undefined) ?? 'AC00000000000000000000000000000000';
  const sid = (overrides.sid as string | undefined) ?? 'CA00000000000000000000000000000001';
  return {
    account_sid: accountSid,
    annotation: null,
    answered_by: null,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: 'Tue, 31 Aug 2010 20:36:28 +0000',
    date_updated: 'Tue, 31 Aug 2010 20:36:44 +0000',
    direction: 'outbound-api',
    duration: null,
    end_time: null,
    forwarded_from: null,
    from: '+15005550006',
    from_formatted: '(500) 555-0006',
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    sid,
    start_time: null,
    status: 'queued',
    subresource_uris: {},
    to: '+14155551212',
    to_formatted: '(415) 555-1212',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`,
    queue_time: '0',
    ...overrides,
  };
}

export class FakeTwilioServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts: Script[] = [];
  private readonly media = new Map<string, Media>();
  private expected: { accountSid: string; authToken: string } | null = null;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeTwilioServer> {
    let fake: FakeTwilioServer | null = null;
    const server = http.createServer((req, res) => {
      fake!.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    fake = new FakeTwilioServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** e.g. http://127.0.0.1:54321, to use as AppConfig.twilioApiBaseUrl. */
  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Answers requests to `path` (exact, or a RegExp over the path without query) with `answers`
   * in order; once they are used up, the last one repeats.
   */
  script(method: string, path: string | RegExp, answers: ScriptedAnswer[]): this {
    if (answers.length === 0) throw new Error('script: give at least one answer');
    this.scripts.unshift({ method: method.toUpperCase(), path, answers, served: 0 });
    return this;
  }

  /** Answers 401/20003 (as Twilio does) unless Basic auth carries exactly these credentials. */
  expectCredentials(accountSid: string, authToken: string): this {
    this.expected = { accountSid, authToken };
    return this;
  }

  /** Serves media at `path` (e.g. `/2010-04-01/Accounts/AC.../Recordings/RE....wav`), with Range support. */
  serveMedia(path: string, body: Buffer, contentType = 'audio/x-wav'): this {
    this.media.set(path, { body, contentType });
    return this;
  }

  /**
   * The next `count` downloads of media served at `path` stall: the headers and `afterBytes`
   * bytes arrive, then nothing, until the client gives up or the fake closes. Later ones are whole.
   */
  stallMedia(path: string, count = 1, afterBytes = 64 * 1024): this {
    const media = this.media.get(path);
    if (!media) throw new Error(`stallMedia: no media served at ${path}`);
    media.stall = { count, afterBytes };
    return this;
  }

  /** The requests to `path` (exact or RegExp), optionally of one method. */
  requestsTo(path: string | RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => matches(path, r.path) && (!method || r.method === method.toUpperCase()));
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.length = 0;
    this.media.clear();
    this.expected = null;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.twilio');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const { user, password } = basicAuth(req.headers.authorization);
    this.requests.push({
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: toRecord(url.searchParams),
      form: contentType.startsWith('application/x-www-form-urlencoded') ? toRecord(new URLSearchParams(raw.toString('utf8'))) : {},
      authUser: user,
      authHasPassword: password !== null && password !== '',
      headers: req.headers,
    });

    const media = this.media.get(url.pathname);
    if (media && (req.method === 'GET' || req.method === 'HEAD')) {
      sendMedia(req, res, media);
      return;
    }

    if (this.expected && (user !== this.expected.accountSid || password !== this.expected.authToken)) {
      await answer(res, { ...twilioError(401, 20003), headers: { 'www-authenticate': 'Basic realm="Twilio API"' } });
      return;
    }

    const script = this.scripts.find((s) => s.method === (req.method ?? 'GET').toUpperCase() && matches(s.path, url.pathname));
    // DELETE .../Recordings/RE....json removes the recording's media, as Twilio does: later downloads get 404.
    const deletedRecording = req.method === 'DELETE' ? /^(.*\/Recordings\/RE[0-9a-f]{32})\.json$/.exec(url.pathname)?.[1] : undefined;
    if (!script) {
      if (deletedRecording && this.removeMedia(deletedRecording)) await answer(res, { status: 204 });
      else await answer(res, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      return;
    }
    const next = script.answers[Math.min(script.served, script.answers.length - 1)]!;
    script.served++;
    if (deletedRecording && next.status < 300) this.removeMedia(deletedRecording);
    await answer(res, next);
  }

  /** Whether media of the recording (any format) is still served. */
  hasRecordingMedia(recordingPath: string): boolean {
    return [...this.media.keys()].some((path) => path.startsWith(`${recordingPath}.`));
  }

  private removeMedia(recordingPath: string): boolean {
    const paths = [...this.media.keys()].filter((path) => path.startsWith(`${recordingPath}.`));
    paths.forEach((path) => this.media.delete(path));
    return paths.length > 0;
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

async function answer(res: http.ServerResponse, a: ScriptedAnswer): Promise<void> {
  if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
  if (a.destroy) {
    res.socket?.destroy();
    return;
  }
  if (res.destroyed) return;
  let payload: Buffer | null = null;
  const headers: Record<string, string> = { ...(a.headers ?? {}) };
  if (Buffer.isBuffer(a.body)) payload = a.body;
  else if (typeof a.body === 'string') payload = Buffer.from(a.body);
  else if (a.body !== undefined && a.body !== null) {
    payload = Buffer.from(JSON.stringify(a.body));
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(a.status, headers);
  res.end(payload ?? undefined);
}

function sendMedia(req: http.IncomingMessage, res: http.ServerResponse, media: Media): void {
  const total = media.body.length;
  let start = 0;
  let end = total - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range && (range[1] !== '' || range[2] !== '')) {
    if (range[1] === '') {
      start = Math.max(0, total - Number(range[2]));
    } else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(end, Number(range[2]));
    }
    if (start > end || start >= total) {
      res.writeHead(416, { 'content-range': `bytes */${total}` });
      res.end();
      return;
    }
    status = 206;
  }
  const headers: Record<string, string> = {
    'content-type': media.contentType,
    'content-length': String(end - start + 1),
    'accept-ranges': 'bytes',
  };
  if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${total}`;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // Streamed in chunks, as a large recording would be.
  const chunk = 64 * 1024;
  let offset = start;
  if (media.stall && media.stall.count > 0) {
    media.stall.count -= 1;
    res.write(media.body.subarray(start, Math.min(end + 1, start + media.stall.afterBytes)));
    return;
  }
  const pump = (): void => {
    while (offset <= end) {
      const slice = media.body.subarray(offset, Math.min(end + 1, offset + chunk));
      offset += slice.length;
      if (!res.write(slice)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function basicAuth(header: string | undefined): { user: string | null; password: string | null } {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return { user: null, password: null };
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded, password: null } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function toRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
