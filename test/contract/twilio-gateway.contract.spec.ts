import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';
import { CALL_STATUSES } from '@domain/telephony/call-status';
import { TelephonyProviderError, TelephonyUnavailableError } from '@domain/telephony/errors';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';
import type { OutboundCallRequest, TwilioCredentials } from '@domain/telephony/ports/telephony-gateway.port';
import { loadConfig, type AppConfig } from '@infrastructure/config/app-config';
import { TwilioSignatureVerifier } from '@infrastructure/twilio/twilio-signature.verifier';
import { TwilioSoftphoneTokenIssuer } from '@infrastructure/twilio/twilio-softphone-token.issuer';
import { TwilioHttpClient, TwilioTelephonyGateway, type TwilioGatewayOptions } from '@infrastructure/twilio/twilio-telephony.gateway';
import { TwimlCallInstructionsRenderer } from '@infrastructure/twilio/twiml-call-instructions.renderer';
import { FakeTwilioServer, fakeCall, fakeCallRecording, noRecordingInProgress, twilioError } from '../fakes/fake-twilio-server';

const SPEC = path.resolve(__dirname, '../fixtures/twilio/twilio_api_v2010.prism.json');
const PRISM_BIN = path.resolve(__dirname, '../../node_modules/@stoplight/prism-cli/dist/index.js');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function credentials(): TwilioCredentials {
  return { accountSid: `AC${hex(16)}`, authToken: `tok${hex(16)}` };
}

function configFor(baseUrl: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    ENCRYPTION_KEY: hex(32),
    DATA_DIR: path.resolve(__dirname, '../../.tmp'),
    TWILIO_API_BASE_URL: baseUrl,
  });
}

const outbound: OutboundCallRequest = {
  to: '+14155551212',
  from: '+15005550006',
  twimlUrl: 'https://switchboard.test/webhooks/twilio/voice/outbound',
  statusCallbackUrl: 'https://switchboard.test/webhooks/twilio/status',
  timeoutSeconds: 25,
};

/** Fast retries: records the delays instead of waiting. */
function fastOptions(delays: number[] = [], overrides: Partial<TwilioGatewayOptions> = {}): Partial<TwilioGatewayOptions> {
  return {
    maxAttempts: 4,
    baseDelayMs: 200,
    maxDelayMs: 3_000,
    maxRetryAfterMs: 3_000,
    requestTimeoutMs: 2_000,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What the gateway logs (retries), kept instead of printed so tests can check it carries no secret. */
const logged: string[] = [];
const keep = (message: unknown) => {
  logged.push(String(message));
};
Logger.overrideLogger({ log: keep, warn: keep, error: keep, debug: keep, verbose: keep, fatal: keep });

const hasSpec = fs.existsSync(SPEC);
const describeWithPrism = hasSpec ? describe : describe.skip;

describeWithPrism(
  hasSpec
    ? 'TwilioTelephonyGateway against the Prism mock of Twilio’s OpenAPI description'
    : `TwilioTelephonyGateway against Prism [skipped: ${SPEC} does not exist]`,
  () => {
    let prism: ChildProcess;
    let prismUrl: string;
    let output = '';

    beforeAll(async () => {
      const port = await freePort();
      prismUrl = `http://127.0.0.1:${port}`;
      prism = spawn(process.execPath, [PRISM_BIN, 'mock', '-h', '127.0.0.1', '-p', String(port), SPEC], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      prism.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
      prism.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (prism.exitCode !== null) throw new Error(`prism exited with ${prism.exitCode}:\n${output}`);
        try {
          // Any HTTP answer (a 401 without credentials) means it is up.
          await fetch(`${prismUrl}/2010-04-01/Accounts.json`, { signal: AbortSignal.timeout(1_000) });
          return;
        } catch {
          if (Date.now() > deadline) throw new Error(`prism did not answer within 30 s:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }, 45_000);

    afterAll(async () => {
      if (!prism || prism.exitCode !== null) return;
      const exited = new Promise((resolve) => prism.once('exit', resolve));
      prism.kill('SIGTERM');
      const timer = setTimeout(() => prism.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    });

    const gateway = () => new TwilioTelephonyGateway(configFor(prismUrl), fastOptions());

    it('creates a call: the form post satisfies the contract and the answer maps to a ProviderCall', async () => {
      const call = await gateway().createCall(credentials(), outbound);
      expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(CALL_STATUSES).toContain(call.status);
      expect(typeof call.from).toBe('string');
      expect(typeof call.to).toBe('string');
      expect(typeof call.direction).toBe('string');
      for (const date of [call.startTime, call.endTime])
        expect(date === null || (date instanceof Date && !Number.isNaN(date.getTime()))).toBe(true);
      expect(call.durationSeconds === null || typeof call.durationSeconds === 'number').toBe(true);
    });

    it('fetches a call', async () => {
      const call = await gateway().fetchCall(credentials(), `CA${hex(16)}`);
      expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(CALL_STATUSES).toContain(call.status);
      expect(call.startTime).toBeInstanceOf(Date);
      expect(typeof call.durationSeconds).toBe('number');
    });

    it("deletes a call's record: the DELETE satisfies the contract", async () => {
      await expect(gateway().deleteCall(credentials(), `CA${hex(16)}`)).resolves.toBe('deleted');
    });

    it('verifies an account', async () => {
      await expect(gateway().verifyAccount(credentials())).resolves.toEqual({ friendlyName: expect.any(String), status: 'active' });
    });

    it('pauses (skip) and resumes the current recording of a call: the form post satisfies the contract', async () => {
      for (const update of [{ status: 'paused', pauseBehavior: 'skip' }, { status: 'in-progress' }] as const) {
        const recording = await gateway().updateCurrentRecording(credentials(), `CA${hex(16)}`, update);
        expect(recording.sid).toMatch(/^RE[0-9a-f]{32}$/);
        expect(typeof recording.status).toBe('string');
        expect(recording.startTime === null || recording.startTime instanceof Date).toBe(true);
      }
    });

    /** A gateway whose HTTP client records what it sends, and can strip the credentials on the wire. */
    function recordingGateway(options: { stripCredentials?: boolean } = {}) {
      const sent: string[] = [];
      class RecordingClient extends TwilioHttpClient {
        override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
          sent.push(`${opts.method.toUpperCase()} ${opts.uri}`);
          return super.request<TData>(options.stripCredentials ? { ...opts, username: undefined, password: undefined } : opts);
        }
      }
      class RecordingGateway extends TwilioTelephonyGateway {
        protected override createHttpClient(): TwilioHttpClient {
          return new RecordingClient(prismUrl, { timeoutMs: 5_000 });
        }
      }
      return { gateway: new RecordingGateway(configFor(prismUrl), fastOptions()), sent };
    }

    it('maps the contract’s own 422 (a Timeout that is not an integer) to twilio.invalid_request, without retrying', async () => {
      const { gateway: g, sent } = recordingGateway();
      const error = await caught(g.createCall(credentials(), { ...outbound, timeoutSeconds: 2.5 }));
      expect(error).toBeInstanceOf(TelephonyProviderError);
      expect(error).toMatchObject({ code: 'twilio.invalid_request', kind: 'unprocessable', providerStatus: 422, providerCode: null });
      expect(sent).toHaveLength(1);
    });

    it('Prism checks only that Basic auth is present and well formed: wrong credentials still get a 200', async () => {
      await expect(gateway().verifyAccount({ accountSid: `AC${hex(16)}`, authToken: 'wrong' })).resolves.toMatchObject({
        status: 'active',
      });
    });

    it('a request without credentials gets Prism’s 401, which maps to twilio.auth_failed after one attempt', async () => {
      // The library refuses to send a request without credentials, so strip them on the wire.
      const { gateway: g, sent } = recordingGateway({ stripCredentials: true });
      const creds = credentials();
      const error = await caught(g.verifyAccount(creds));
      expect(error).toBeInstanceOf(TelephonyUnavailableError);
      expect(error).toMatchObject({ code: 'twilio.auth_failed', providerStatus: 401, providerCode: null });
      expect(sent).toHaveLength(1);

      // What Prism really answers: RFC 9457 problem JSON without Twilio's numeric `code`.
      const raw = await fetch(`${prismUrl}/2010-04-01/Accounts/${creds.accountSid}.json`);
      expect(raw.status).toBe(401);
      expect(raw.headers.get('content-type')).toContain('application/problem+json');
      expect(raw.headers.get('www-authenticate')).toBe('Basic realm="*"');
      const body = (await raw.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'https://stoplight.io/prism/errors#UNAUTHORIZED', status: 401 });
      expect(body.code).toBeUndefined();
    });
  },
);

describe('TwilioTelephonyGateway against a fake Twilio that fails', () => {
  let fake: FakeTwilioServer;
  let creds: TwilioCredentials;
  let callsPath: string;
  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    logged.length = 0;
    fake.reset();
    creds = credentials();
    callsPath = `/2010-04-01/Accounts/${creds.accountSid}/Calls.json`;
  });

  const gateway = (delays: number[] = [], overrides: Partial<TwilioGatewayOptions> = {}) =>
    new TwilioTelephonyGateway(configFor(fake.baseUrl), fastOptions(delays, overrides));

  /** No thrown error, however it is printed, and no log line carries the auth token. */
  function expectNoSecret(error: Error): void {
    for (const text of [error.message, String(error), inspect(error, { depth: 10 }), JSON.stringify(error), error.stack ?? '', ...logged]) {
      expect(text).not.toContain(creds.authToken);
    }
  }

  it('posts the call as Twilio expects: Basic auth as the account, repeated StatusCallbackEvent, POST callbacks', async () => {
    fake.expectCredentials(creds.accountSid, creds.authToken);
    fake.script('POST', callsPath, [{ status: 201, body: fakeCall({ account_sid: creds.accountSid, status: 'queued' }) }]);
    const call = await gateway().createCall(creds, outbound);
    expect(call).toEqual({
      sid: 'CA00000000000000000000000000000001',
      parentCallSid: null,
      status: 'queued',
      from: '+15005550006',
      to: '+14155551212',
      direction: 'outbound-api',
      startTime: null,
      endTime: null,
      durationSeconds: null,
    });
    const [request] = fake.requestsTo(callsPath, 'POST');
    expect(request!.authUser).toBe(creds.accountSid);
    expect(request!.form).toEqual({
      To: outbound.to,
      From: outbound.from,
      Url: outbound.twimlUrl,
      Method: 'POST',
      StatusCallback: outbound.statusCallbackUrl,
      StatusCallbackMethod: 'POST',
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      Timeout: '25',
    });
  });

  it('maps a completed call: dashed status, RFC 2822 dates, duration as a number', async () => {
    const sid = `CA${hex(16)}`;
    fake.script('GET', `/2010-04-01/Accounts/${creds.accountSid}/Calls/${sid}.json`, [
      {
        status: 200,
        body: fakeCall({
          sid,
          status: 'no-answer',
          parent_call_sid: `CA${'1'.repeat(32)}`,
          start_time: 'Tue, 31 Aug 2010 20:36:29 +0000',
          end_time: 'Tue, 31 Aug 2010 20:36:44 +0000',
          duration: '15',
        }),
      },
    ]);
    const call = await gateway().fetchCall(creds, sid);
    expect(call).toMatchObject({
      sid,
      status: 'no_answer',
      parentCallSid: `CA${'1'.repeat(32)}`,
      startTime: new Date('2010-08-31T20:36:29Z'),
      endTime: new Date('2010-08-31T20:36:44Z'),
      durationSeconds: 15,
    });
  });

  it('a status it does not know: queued after creating (the call exists), an error when fetching', async () => {
    const sid = `CA${hex(16)}`;
    fake.script('POST', callsPath, [{ status: 201, body: fakeCall({ sid, status: 'teleported' }) }]);
    fake.script('GET', `/2010-04-01/Accounts/${creds.accountSid}/Calls/${sid}.json`, [
      { status: 200, body: fakeCall({ sid, status: 'teleported' }) },
    ]);
    await expect(gateway().createCall(creds, outbound)).resolves.toMatchObject({ sid, status: 'queued' });
    await expect(gateway().fetchCall(creds, sid)).rejects.toMatchObject({ code: 'twilio.unavailable' });
    expect(fake.requests).toHaveLength(2);
  });

  it('21211 -> twilio.invalid_number (unprocessable), one attempt', async () => {
    fake.script('POST', callsPath, [twilioError(400, 21211, "The 'To' number 555 is not a valid phone number.")]);
    const error = await caught(gateway().createCall(creds, { ...outbound, to: '555' }));
    expect(error).toBeInstanceOf(TelephonyProviderError);
    expect(error).toMatchObject({ code: 'twilio.invalid_number', kind: 'unprocessable', providerStatus: 400, providerCode: 21211 });
    expect(error.message).toContain("The 'To' number 555 is not a valid phone number.");
    expect(fake.requestsTo(callsPath)).toHaveLength(1);
    expectNoSecret(error);
  });

  it.each([
    [422, 21212, 'twilio.invalid_number'],
    [400, 21214, 'twilio.invalid_number'],
    [400, 13227, 'twilio.no_permission'],
    [400, 21205, 'twilio.invalid_request'],
    [403, 20008, 'twilio.invalid_request'],
  ])('HTTP %i with code %i -> %s, never retried', async (status, code, expected) => {
    fake.script('POST', callsPath, [twilioError(status, code), { status: 201, body: fakeCall() }]);
    const error = await caught(gateway().createCall(creds, outbound));
    expect(error).toMatchObject({ code: expected, kind: 'unprocessable', providerStatus: status, providerCode: code });
    expect(fake.requestsTo(callsPath)).toHaveLength(1);
  });

  it("deleting a call's record: 204 is deleted, 404 already gone, a refusal keeps Twilio's status and code, a 503 is retried", async () => {
    const sid = `CA${hex(16)}`;
    const path = `/2010-04-01/Accounts/${creds.accountSid}/Calls/${sid}.json`;
    fake.script('DELETE', path, [twilioError(503), { status: 204 }]);
    await expect(gateway().deleteCall(creds, sid)).resolves.toBe('deleted');
    expect(fake.requestsTo(path, 'DELETE')).toHaveLength(2);
    expect(fake.requestsTo(path, 'DELETE')[1]).toMatchObject({ authUser: creds.accountSid, authHasPassword: true });
    await expect(gateway().deleteCall(creds, `CA${hex(16)}`)).resolves.toBe('already_gone'); // unscripted: 20404
    const busy = `CA${hex(16)}`;
    fake.script('DELETE', `/2010-04-01/Accounts/${creds.accountSid}/Calls/${busy}.json`, [twilioError(400, 21220)]);
    expect(await caught(gateway().deleteCall(creds, busy))).toMatchObject({ providerStatus: 400, providerCode: 21220 });
  });

  it('404 / 20404 -> twilio.not_found (unprocessable)', async () => {
    const sid = `CA${hex(16)}`;
    const error = await caught(gateway().fetchCall(creds, sid)); // unscripted: the fake answers 20404
    expect(error).toBeInstanceOf(TelephonyProviderError);
    expect(error).toMatchObject({ code: 'twilio.not_found', kind: 'unprocessable', providerStatus: 404, providerCode: 20404 });
    expect(fake.requests).toHaveLength(1);
  });

  it('recording pause: posts Status=paused&PauseBehavior=skip to Twilio.CURRENT; 404 (no recording in progress) and 21220 (call not in progress) keep their status and code', async () => {
    const sid = `CA${hex(16)}`;
    const path = `/2010-04-01/Accounts/${creds.accountSid}/Calls/${sid}/Recordings/Twilio.CURRENT.json`;
    fake.script('POST', path, [
      {
        status: 200,
        body: fakeCallRecording({
          account_sid: creds.accountSid,
          call_sid: sid,
          status: 'paused',
          start_time: 'Thu, 12 Feb 2026 12:00:00 +0000',
        }),
      },
      noRecordingInProgress(sid),
      twilioError(400, 21220),
    ]);
    const paused = await gateway().updateCurrentRecording(creds, sid, { status: 'paused', pauseBehavior: 'skip' });
    expect(paused).toEqual({ sid: 'RE00000000000000000000000000000001', status: 'paused', startTime: new Date('2026-02-12T12:00:00Z') });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path,
      form: { Status: 'paused', PauseBehavior: 'skip' },
      authUser: creds.accountSid,
    });
    const none = await caught(gateway().updateCurrentRecording(creds, sid, { status: 'in-progress' }));
    expect(none).toMatchObject({ code: 'twilio.not_found', providerStatus: 404, providerCode: 20404 });
    expect(fake.requests[1]!.form).toEqual({ Status: 'in-progress' });
    const ended = await caught(gateway().updateCurrentRecording(creds, sid, { status: 'in-progress' }));
    expect(ended).toMatchObject({ code: 'twilio.invalid_request', providerStatus: 400, providerCode: 21220 });
    expect(fake.requests).toHaveLength(3);
  });

  it('401 / 20003 -> twilio.auth_failed after exactly one attempt, with no token in the error', async () => {
    fake.expectCredentials(creds.accountSid, 'the-right-token');
    const error = await caught(gateway().verifyAccount(creds));
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect(error).toMatchObject({ code: 'twilio.auth_failed', providerStatus: 401, providerCode: 20003 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.authUser).toBe(creds.accountSid);
    expectNoSecret(error);
  });

  it('missing or malformed credentials fail as twilio.auth_failed without a request (no fallback to TWILIO_* env)', async () => {
    for (const bad of [
      { accountSid: creds.accountSid, authToken: '' },
      { accountSid: '', authToken: creds.authToken },
      { accountSid: 'SK123', authToken: creds.authToken },
    ]) {
      const error = await caught(gateway().verifyAccount(bad));
      expect(error).toMatchObject({ code: 'twilio.auth_failed' });
      expect(error.message).not.toContain(creds.authToken);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('429 then 201 -> success after 2 attempts, waiting the capped Retry-After', async () => {
    const delays: number[] = [];
    fake.script('POST', callsPath, [
      { ...twilioError(429, 20429), headers: { 'retry-after': '30' } },
      { status: 201, body: fakeCall() },
    ]);
    const call = await gateway(delays, { maxRetryAfterMs: 1_500 }).createCall(creds, outbound);
    expect(call.sid).toBe('CA00000000000000000000000000000001');
    expect(fake.requestsTo(callsPath)).toHaveLength(2);
    expect(delays).toEqual([1_500]);
  });

  it('429 without Retry-After backs off with full jitter', async () => {
    const delays: number[] = [];
    fake.script('POST', callsPath, [twilioError(429, 20429), twilioError(429, 20429), { status: 201, body: fakeCall() }]);
    await gateway(delays, { random: () => 0.5 }).createCall(creds, outbound);
    expect(fake.requestsTo(callsPath)).toHaveLength(3);
    expect(delays).toEqual([100, 200]); // 0.5 * 200, 0.5 * 400
  });

  it('500 every time -> twilio.unavailable after exactly maxAttempts attempts, delays growing up to the cap', async () => {
    const delays: number[] = [];
    fake.script('POST', callsPath, [twilioError(500)]);
    const error = await caught(gateway(delays, { maxAttempts: 5, random: () => 0.999999 }).createCall(creds, outbound));
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect(error).toMatchObject({ code: 'twilio.unavailable', providerStatus: 500, providerCode: null });
    expect(fake.requestsTo(callsPath)).toHaveLength(5);
    expect(delays).toEqual([199, 399, 799, 1599]);
    expect(logged).toEqual([
      'Twilio create call failed (HTTP 500); retrying in 199 ms (attempt 2 of 5)',
      'Twilio create call failed (HTTP 500); retrying in 399 ms (attempt 3 of 5)',
      'Twilio create call failed (HTTP 500); retrying in 799 ms (attempt 4 of 5)',
      'Twilio create call failed (HTTP 500); retrying in 1599 ms (attempt 5 of 5)',
    ]);
    expectNoSecret(error);
  });

  it('uses 4 attempts by default', async () => {
    fake.script('POST', callsPath, [twilioError(502)]);
    const error = await caught(
      new TwilioTelephonyGateway(configFor(fake.baseUrl), { sleep: async () => undefined }).createCall(creds, outbound),
    );
    expect(error).toMatchObject({ code: 'twilio.unavailable', providerStatus: 502 });
    expect(fake.requestsTo(callsPath)).toHaveLength(4);
  });

  it('503 then 201 -> success', async () => {
    fake.script('POST', callsPath, [twilioError(503), { status: 201, body: fakeCall({ status: 'ringing' }) }]);
    const call = await gateway().createCall(creds, outbound);
    expect(call.status).toBe('ringing');
    expect(fake.requestsTo(callsPath)).toHaveLength(2);
  });

  it('retries a dropped connection and a request that outlives its timeout', async () => {
    fake.script('POST', callsPath, [
      { status: 0, destroy: true },
      { status: 201, body: fakeCall(), delayMs: 1_000 },
      { status: 201, body: fakeCall() },
    ]);
    const call = await gateway([], { requestTimeoutMs: 200 }).createCall(creds, outbound);
    expect(call.sid).toBe('CA00000000000000000000000000000001');
    expect(fake.requestsTo(callsPath)).toHaveLength(3);
  });

  it('a server that never answers in time -> twilio.unavailable after maxAttempts', async () => {
    fake.script('GET', /\/Accounts\/AC[0-9a-f]+\.json$/, [{ status: 200, body: {}, delayMs: 1_000 }]);
    const started = Date.now();
    const error = await caught(gateway([], { requestTimeoutMs: 100, maxAttempts: 2 }).verifyAccount(creds));
    expect(error).toMatchObject({ code: 'twilio.unavailable', providerStatus: null });
    expect(error.message).toContain('timed out');
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
    expectNoSecret(error);
  });

  it('an unreachable Twilio -> twilio.unavailable after maxAttempts, token nowhere in the error', async () => {
    const port = await freePort(); // nothing listens there
    const error = await caught(
      new TwilioTelephonyGateway(configFor(`http://127.0.0.1:${port}`), fastOptions([], { maxAttempts: 3 })).verifyAccount(creds),
    );
    expect(error).toMatchObject({ code: 'twilio.unavailable', providerStatus: null });
    expect(error.message).toContain('ECONNREFUSED');
    expectNoSecret(error);
  });

  it('a malformed call SID is refused before any request', async () => {
    const error = await caught(gateway().fetchCall(creds, '../Accounts'));
    expect(error).toMatchObject({ code: 'twilio.invalid_request', kind: 'invalid' });
    expect(fake.requests).toHaveLength(0);
  });

  it('serves recording media, whole or by range', async () => {
    const media = randomBytes(200_000);
    const mediaPath = `/2010-04-01/Accounts/${creds.accountSid}/Recordings/RE${hex(16)}.wav`;
    fake.serveMedia(mediaPath, media);
    const whole = await fetch(`${fake.baseUrl}${mediaPath}`);
    expect(whole.headers.get('content-type')).toBe('audio/x-wav');
    expect(Buffer.from(await whole.arrayBuffer()).equals(media)).toBe(true);
    const part = await fetch(`${fake.baseUrl}${mediaPath}`, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(media.subarray(10, 20))).toBe(true);
  });
});

describe('TwilioHttpClient', () => {
  it('rewrites Twilio’s origin (regional hosts too) and leaves other URLs alone', () => {
    const client = new TwilioHttpClient('http://127.0.0.1:4010/', { timeoutMs: 1_000 });
    expect(client.rewrite('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Page=2')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Calls.json?Page=2',
    );
    expect(client.rewrite('https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts.json',
    );
    expect(client.rewrite('https://example.com/x')).toBe('https://example.com/x');
    const untouched = new TwilioHttpClient('https://api.twilio.com', { timeoutMs: 1_000 });
    expect(untouched.rewrite('https://api.twilio.com/2010-04-01/Accounts.json')).toBe('https://api.twilio.com/2010-04-01/Accounts.json');
  });
});

describe('TwilioSignatureVerifier', () => {
  const verifier = new TwilioSignatureVerifier();
  const token = `tok${hex(16)}`;
  const url = 'https://switchboard.test/webhooks/twilio/voice?workspace=w1';
  const params = { CallSid: `CA${hex(16)}`, From: '+14155551212', To: '+15005550006', CallStatus: 'ringing' };
  const signature = twilio.getExpectedTwilioSignature(token, url, params);

  it('accepts a signature Twilio would send', () => {
    expect(verifier.isValid(token, signature, url, params)).toBe(true);
  });

  it('accepts the URL with the default port Twilio may have signed', () => {
    const withPort = 'https://switchboard.test:443/webhooks/twilio/voice?workspace=w1';
    expect(verifier.isValid(token, twilio.getExpectedTwilioSignature(token, withPort, params), url, params)).toBe(true);
  });

  it('rejects a changed parameter, URL or token', () => {
    expect(verifier.isValid(token, signature, url, { ...params, CallStatus: 'completed' })).toBe(false);
    expect(verifier.isValid(token, signature, `${url}&x=1`, params)).toBe(false);
    expect(verifier.isValid(`tok${hex(16)}`, signature, url, params)).toBe(false);
  });

  it('returns false, never throws, for an empty signature or token or a malformed URL', () => {
    expect(verifier.isValid(token, '', url, params)).toBe(false);
    expect(verifier.isValid('', signature, url, params)).toBe(false);
    expect(verifier.isValid(token, signature, 'not a url', params)).toBe(false);
    expect(verifier.isValid(token, 'garbage', url, params)).toBe(false);
  });
});

describe('TwimlCallInstructionsRenderer', () => {
  const renderer = new TwimlCallInstructionsRenderer();
  const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
  const rec = 'https://switchboard.test/webhooks/twilio/recording';
  const leg = 'https://switchboard.test/webhooks/twilio/leg';
  const ring: Extract<CallPlan, { kind: 'ring_agents' }> = {
    kind: 'ring_agents',
    identities: ['alice', 'bob'],
    sequential: false,
    nextUrl: null,
    callerId: null,
    timeoutSeconds: 20,
    recordingStatusCallbackUrl: rec,
    legStatusCallbackUrl: leg,
  };
  const client = (identity: string) =>
    `<Client statusCallback="${leg}" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST">${identity}</Client>`;

  it('rings all agents at once in one recorded <Dial>', () => {
    expect(renderer.render(ring)).toBe(
      xml(
        `<Dial timeout="20" record="record-from-answer-dual" recordingStatusCallback="${rec}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent">` +
          `${client('alice')}${client('bob')}</Dial>`,
      ),
    );
  });

  it('rings sequentially: only the first identity, callerId, and the next step as the Dial action', () => {
    const out = renderer.render({ ...ring, sequential: true, nextUrl: 'https://switchboard.test/next?i=1&w=2', callerId: '+15005550006' });
    expect(out).toContain('callerId="+15005550006"');
    expect(out).toContain('action="https://switchboard.test/next?i=1&amp;w=2" method="POST"');
    expect(out).toContain(client('alice'));
    expect(out).not.toContain('bob');
    expect(out.match(/<Client /g)).toHaveLength(1);
  });

  it('has no action when ringing everyone at once', () => {
    expect(renderer.render({ ...ring, nextUrl: 'https://switchboard.test/next' })).not.toContain('action=');
  });

  it('escapes identities', () => {
    expect(renderer.render({ ...ring, identities: ['a&<b>'] })).toContain('>a&amp;&lt;b&gt;</Client>');
  });

  it('renders voicemail: Say, Record with a beep and recording callbacks, Hangup', () => {
    expect(
      renderer.render({ kind: 'voicemail', message: 'Leave a message.', recordingStatusCallbackUrl: rec, maxLengthSeconds: 120 }),
    ).toBe(
      xml(
        '<Say>Leave a message.</Say>' +
          `<Record maxLength="120" playBeep="true" recordingStatusCallback="${rec}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent"/>` +
          '<Hangup/>',
      ),
    );
  });

  it('dials a number with caller ID, recording and leg callbacks', () => {
    expect(
      renderer.render({
        kind: 'dial_number',
        number: '+14155551212',
        callerId: '+15005550006',
        timeoutSeconds: 30,
        recordingStatusCallbackUrl: rec,
        legStatusCallbackUrl: leg,
      }),
    ).toBe(
      xml(
        `<Dial callerId="+15005550006" timeout="30" record="record-from-answer-dual" recordingStatusCallback="${rec}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent">` +
          `<Number statusCallback="${leg}" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST">+14155551212</Number></Dial>`,
      ),
    );
  });

  it('refuses with a polite message (Say then Hangup), or with Reject when there is nothing to say', () => {
    expect(renderer.render({ kind: 'refuse', message: 'We are closed.' })).toBe(xml('<Say>We are closed.</Say><Hangup/>'));
    expect(renderer.render({ kind: 'refuse', message: '' })).toBe(xml('<Reject reason="rejected"/>'));
  });

  it('hangs up', () => {
    expect(renderer.render({ kind: 'hang_up' })).toBe(xml('<Hangup/>'));
  });
});

describe('TwilioSoftphoneTokenIssuer', () => {
  it('issues a Voice access token for the identity, expiring after the TTL', () => {
    const accountSid = `AC${hex(16)}`;
    const apiKeySid = `SK${hex(16)}`;
    const twimlAppSid = `AP${hex(16)}`;
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt } = new TwilioSoftphoneTokenIssuer().issue({
      accountSid,
      apiKeySid,
      apiKeySecret: hex(16),
      twimlAppSid,
      identity: 'alice',
      ttlSeconds: 600,
    });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part!, 'base64url').toString('utf8')));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload.iss).toBe(apiKeySid);
    expect(payload.sub).toBe(accountSid);
    expect(payload.grants.identity).toBe('alice');
    expect(payload.grants.voice.outgoing.application_sid).toBe(twimlAppSid);
    expect(payload.grants.voice.incoming.allow).toBe(true);
    expect(payload.exp).toBeGreaterThanOrEqual(before + 600);
    expect(payload.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(expiresAt.getTime()).toBe(payload.exp * 1000);
  });
});
