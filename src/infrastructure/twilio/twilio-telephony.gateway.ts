import * as https from 'node:https';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call';
import { fromTwilioStatus, type CallStatus } from '@domain/telephony/call-status';
import { TelephonyProviderError, TelephonyUnavailableError } from '@domain/telephony/errors';
import {
  TelephonyGateway,
  type OutboundCallRequest,
  type ProviderCall,
  type ProviderRecording,
  type TwilioCredentials,
} from '@domain/telephony/ports/telephony-gateway.port';
import { AppConfig } from '../config/app-config';

/** Twilio's production origin; every URL the helper library builds starts with it (or a regional variant). */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface TwilioGatewayOptions {
  /** Attempts in all, the first included (429, 5xx and network failures are retried). */
  maxAttempts: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429's `Retry-After` is obeyed up to this long; beyond it we wait this long. */
  maxRetryAfterMs: number;
  /** Deadline of one HTTP attempt, connection to last byte. */
  requestTimeoutMs: number;
  /** Seams for tests. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_TWILIO_GATEWAY_OPTIONS: TwilioGatewayOptions = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 3_000,
  maxRetryAfterMs: 3_000,
  requestTimeoutMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Optional Nest provider token to override the defaults above. */
export const TWILIO_GATEWAY_OPTIONS = Symbol('TWILIO_GATEWAY_OPTIONS');

const TWILIO_HOST = /^https:\/\/api(\.[a-z0-9-]+)*\.twilio\.com(:443)?$/i;
const SID = /^[A-Za-z0-9]{2,64}$/;

/**
 * The helper library's HTTP client with two changes: requests to Twilio's origin go to
 * `apiBaseUrl` instead (a contract mock or a fake in tests, a proxy in some deployments),
 * and every attempt has a hard deadline. Made once per gateway call, so `lastResponse`
 * (which the base class keeps) belongs to that call alone: it is how a 429's
 * `Retry-After` is read, since the library's RestException does not carry headers.
 * The HTTPS agent (and so its keep-alive connections) is shared between calls.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly apiBaseUrl: string | null;

  constructor(apiBaseUrl: string, options: { timeoutMs: number; httpsAgent?: https.Agent }) {
    super({ timeout: options.timeoutMs, keepAlive: true });
    const base = apiBaseUrl.replace(/\/+$/, '');
    this.apiBaseUrl = base.toLowerCase() === TWILIO_API_ORIGIN ? null : base;
    if (options.httpsAgent) this.axios.defaults.httpsAgent = options.httpsAgent;
    // axios' own `timeout` is a socket idle timeout on Node; the signal bounds the whole attempt.
    this.axios.interceptors.request.use((config) => {
      config.signal ??= AbortSignal.timeout(options.timeoutMs);
      return config;
    });
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    // `logLevel: debug` makes the library print requests with console.log: never from here.
    return super.request<TData>({ ...opts, uri: this.rewrite(opts.uri), logLevel: undefined });
  }

  rewrite(uri: string): string {
    if (this.apiBaseUrl === null) return uri;
    const url = new URL(uri);
    if (!TWILIO_HOST.test(url.origin)) return uri;
    return `${this.apiBaseUrl}${url.pathname}${url.search}`;
  }
}

interface Failure {
  retryable: boolean;
  /** From a 429's Retry-After, already capped. */
  retryAfterMs: number | null;
  error: Error;
  status: number | null;
  code: number | null;
}

/**
 * Twilio's 2010-04-01 REST API through the official helper library, one client per call
 * because every workspace has its own account. Credentials never reach a log line or an
 * error message; the library's own errors (whose axios config holds the Authorization
 * header) are translated, never rethrown or attached as a cause.
 */
@Injectable()
export class TwilioTelephonyGateway extends TelephonyGateway {
  private readonly logger = new Logger('Twilio');
  private readonly options: TwilioGatewayOptions;
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 50 });

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(TWILIO_GATEWAY_OPTIONS) options?: Partial<TwilioGatewayOptions>,
  ) {
    super();
    this.options = { ...DEFAULT_TWILIO_GATEWAY_OPTIONS, ...(options ?? {}) };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new Error('TwilioTelephonyGateway: maxAttempts must be a positive integer');
    }
  }

  async verifyAccount(credentials: TwilioCredentials): Promise<{ friendlyName: string | null; status: string | null }> {
    const account = await this.call(credentials, 'fetch account', (client) => client.api.v2010.accounts(credentials.accountSid).fetch());
    return { friendlyName: account.friendlyName ?? null, status: account.status ?? null };
  }

  async createCall(credentials: TwilioCredentials, request: OutboundCallRequest): Promise<ProviderCall> {
    const call = await this.call(credentials, 'create call', (client) =>
      client.calls.create({
        to: request.to,
        from: request.from,
        url: request.twimlUrl,
        method: 'POST',
        statusCallback: request.statusCallbackUrl,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        timeout: request.timeoutSeconds,
      }),
    );
    // The call exists now: a status we cannot read must not look like a failure (a caller
    // would try again and place a second call). Status callbacks will tell the truth.
    return toProviderCall(call, 'queued');
  }

  async fetchCall(credentials: TwilioCredentials, callSid: string): Promise<ProviderCall> {
    if (!SID.test(callSid)) {
      throw new TelephonyProviderError('twilio.invalid_request', 'The call SID is malformed', 'invalid', null, null);
    }
    const call = await this.call(credentials, 'fetch call', (client) => client.calls(callSid).fetch());
    return toProviderCall(call);
  }

  async deleteCall(credentials: TwilioCredentials, callSid: string): Promise<'deleted' | 'already_gone'> {
    if (!SID.test(callSid)) {
      throw new TelephonyProviderError('twilio.invalid_request', 'The call SID is malformed', 'invalid', null, null);
    }
    try {
      await this.call(credentials, 'delete call', (client) => client.calls(callSid).remove());
      return 'deleted';
    } catch (error) {
      if (error instanceof TelephonyProviderError && error.providerStatus === 404) return 'already_gone';
      throw error;
    }
  }

  async updateCurrentRecording(
    credentials: TwilioCredentials,
    callSid: string,
    update: { status: 'paused'; pauseBehavior: 'skip' | 'silence' } | { status: 'in-progress' },
  ): Promise<ProviderRecording> {
    if (!SID.test(callSid)) {
      throw new TelephonyProviderError('twilio.invalid_request', 'The call SID is malformed', 'invalid', null, null);
    }
    const recording = await this.call(credentials, `${update.status === 'paused' ? 'pause' : 'resume'} recording`, (client) =>
      client
        .calls(callSid)
        .recordings('Twilio.CURRENT')
        .update(update.status === 'paused' ? { status: 'paused', pauseBehavior: update.pauseBehavior } : { status: 'in-progress' }),
    );
    return { sid: recording.sid, status: String(recording.status ?? ''), startTime: toDate(recording.startTime) };
  }

  /** Overridable in tests (a client that sends no credentials, to see a mock's 401). */
  protected createHttpClient(): TwilioHttpClient {
    return new TwilioHttpClient(this.config.twilioApiBaseUrl, {
      timeoutMs: this.options.requestTimeoutMs,
      httpsAgent: this.httpsAgent,
    });
  }

  private async call<T>(credentials: TwilioCredentials, operation: string, send: (client: twilio.Twilio) => Promise<T>): Promise<T> {
    const { accountSid, authToken } = credentials;
    // The library falls back to TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN from the environment
    // when given nothing: never let a workspace without credentials borrow those.
    if (!accountSid || !authToken) {
      throw new TelephonyUnavailableError('twilio.auth_failed', 'Twilio credentials are missing', null, null);
    }
    if (!/^AC[A-Za-z0-9]+$/.test(accountSid)) {
      throw new TelephonyUnavailableError('twilio.auth_failed', 'The Twilio account SID is malformed (it must start with AC)', null, null);
    }
    const http = this.createHttpClient();
    const client = twilio(accountSid, authToken, { httpClient: http, autoRetry: false });

    const { maxAttempts } = this.options;
    let last: Failure | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return await send(client);
      } catch (error) {
        last = this.classify(error, http, authToken);
        if (!last.retryable) throw last.error;
        if (attempt === maxAttempts) break;
        const delay = last.retryAfterMs ?? this.backoff(attempt);
        this.logger.warn(
          `Twilio ${operation} failed (${summarize(last)}); retrying in ${delay} ms (attempt ${attempt + 1} of ${maxAttempts})`,
        );
        await this.options.sleep(delay);
      }
    }
    throw new TelephonyUnavailableError(
      'twilio.unavailable',
      `Twilio is unavailable: ${operation} failed ${maxAttempts} time(s), last with ${summarize(last!)}`,
      last!.status,
      last!.code,
    );
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.options.random() * ceiling);
  }

  private classify(error: unknown, http: TwilioHttpClient, authToken: string): Failure {
    const redact = (text: string) => (authToken.length >= 4 ? text.split(authToken).join('[redacted]') : text);

    if (isHttpFailure(error)) {
      const status = error.status;
      const code = typeof error.code === 'number' && error.code > 0 ? error.code : null;
      const said = typeof error.message === 'string' && error.message.trim() !== '' ? redact(error.message.trim()) : null;
      const detail = `${said ?? `HTTP ${status}`}${code !== null ? ` (Twilio error ${code})` : ''}`;
      const fail = (e: Error, retryable = false, retryAfterMs: number | null = null): Failure => ({
        retryable,
        retryAfterMs,
        error: e,
        status,
        code,
      });

      if (status === 401 || code === 20003) {
        return fail(
          new TelephonyUnavailableError('twilio.auth_failed', `Twilio rejected the account credentials: ${detail}`, status, code),
        );
      }
      if (status === 429 || code === 20429) {
        const retryAfter = parseRetryAfter(http.lastResponse?.headers);
        const retryAfterMs = retryAfter === null ? null : Math.min(retryAfter, this.options.maxRetryAfterMs);
        return fail(
          new TelephonyUnavailableError('twilio.unavailable', `Twilio throttled the request: ${detail}`, status, code),
          true,
          retryAfterMs,
        );
      }
      if (status >= 500) {
        return fail(new TelephonyUnavailableError('twilio.unavailable', `Twilio failed: ${detail}`, status, code), true);
      }
      if (status === 404 || code === 20404) {
        return fail(
          new TelephonyProviderError('twilio.not_found', `Twilio does not know this resource: ${detail}`, 'unprocessable', status, code),
        );
      }
      if (status >= 400) {
        const errorCode =
          code === 21211 || code === 21212 || code === 21214
            ? 'twilio.invalid_number'
            : code === 13227
              ? 'twilio.no_permission'
              : 'twilio.invalid_request';
        return fail(new TelephonyProviderError(errorCode, `Twilio refused the request: ${detail}`, 'unprocessable', status, code));
      }
      // 1xx/3xx (redirects are not followed): not an answer we can use.
      return fail(new TelephonyUnavailableError('twilio.unavailable', `Twilio answered with an unexpected ${detail}`, status, code));
    }

    if (isNetworkFailure(error)) {
      const what = error.code === 'ERR_CANCELED' ? 'timed out' : (error.code ?? 'network error');
      return {
        retryable: true,
        retryAfterMs: null,
        error: new TelephonyUnavailableError('twilio.unavailable', `Twilio could not be reached: ${what}`, null, null),
        status: null,
        code: null,
      };
    }

    // Anything else (an unparseable answer, a bug): not worth retrying, and its message may
    // carry request details, so only its type is kept.
    const name = error instanceof Error ? error.name : typeof error;
    return {
      retryable: false,
      retryAfterMs: null,
      error: new TelephonyUnavailableError('twilio.unavailable', `Unexpected failure talking to Twilio (${name})`, null, null),
      status: null,
      code: null,
    };
  }
}

/** RestException (legacy error body) and TwilioServiceException (RFC 9457 body) both carry a numeric `status`. */
function isHttpFailure(error: unknown): error is { status: number; code?: unknown; message?: unknown } {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { isAxiosError?: unknown }).isAxiosError === true) return false;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status < 600;
}

/** axios errors without a response: refused, reset, DNS, our deadline (ERR_CANCELED), axios' own timeout. */
function isNetworkFailure(error: unknown): error is { code?: string } {
  if (typeof error !== 'object' || error === null) return false;
  return (error as { isAxiosError?: unknown }).isAxiosError === true && !(error as { response?: unknown }).response;
}

function summarize(failure: Failure): string {
  if (failure.status === null) return failure.error.message.replace(/^Twilio could not be reached: /, '');
  return `HTTP ${failure.status}${failure.code !== null ? `, Twilio error ${failure.code}` : ''}`;
}

/** Seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
function parseRetryAfter(headers: unknown): number | null {
  if (!headers || typeof headers !== 'object') return null;
  const raw = (headers as Record<string, unknown>)['retry-after'] ?? (headers as Record<string, unknown>)['Retry-After'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function toProviderCall(call: CallInstance, unknownStatus: CallStatus | null = null): ProviderCall {
  const status = fromTwilioStatus(call.status) ?? unknownStatus;
  if (status === null) {
    throw new TelephonyUnavailableError(
      'twilio.unavailable',
      `Twilio answered with an unknown call status "${String(call.status)}"`,
      null,
      null,
    );
  }
  return {
    sid: call.sid,
    parentCallSid: call.parentCallSid ?? null,
    status,
    from: call.from ?? '',
    to: call.to ?? '',
    direction: call.direction ?? '',
    startTime: toDate(call.startTime),
    endTime: toDate(call.endTime),
    durationSeconds: toSeconds(call.duration),
  };
}

/** The library turns RFC 2822 dates into Dates, but hands back the raw string when it cannot parse one. */
function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

function toSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}
