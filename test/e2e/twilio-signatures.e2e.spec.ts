import type { LightMyRequestResponse } from 'fastify';
import twilio from 'twilio';
import type { Clock } from '@domain/shared/clock';
import { authToken, callSid, samples, telephonyWorkspace, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every way a Twilio webhook can be forged or altered, against both webhooks and every kind
 * of target they resolve to: each is refused with a 403 problem and changes no row anywhere.
 * Each forged request is followed by the genuine one, which must be accepted: so a refusal
 * is due to the alteration alone, never to a broken fixture.
 */

const BASE = 'https://switchboard.test';
const VOICE = '/webhooks/twilio/voice';
const STATUS = '/webhooks/twilio/status';

interface Workspace extends TelephonyWorkspace {
  twimlAppSid: string;
}

/** A webhook request: what was signed (URL, parameters, token) and what is sent (path, body, headers). */
interface Req {
  path: string;
  /** Signed over this URL; default: BASE + path. */
  signUrl?: string;
  /** null: no X-Twilio-Signature header at all. */
  token: string | null;
  signed: Record<string, string>;
  /** The body sent; default: the signed parameters. */
  body?: string;
  /** Replaces the computed signature. */
  signature?: string;
  headers?: Record<string, string>;
}

async function send(t: TestApp, r: Req): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(r.headers ?? {}) };
  if (r.signature !== undefined) headers['x-twilio-signature'] = r.signature;
  else if (r.token !== null)
    headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(r.token, r.signUrl ?? `${BASE}${r.path}`, r.signed);
  return t.app.inject({ method: 'POST', url: r.path, headers, payload: r.body ?? new URLSearchParams(r.signed).toString() });
}

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Hash of every table of the service and of pg-boss: any write anywhere shows. */
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables = await t.rows(`select schemaname, tablename from pg_tables where schemaname in ('public', 'pgboss') order by 1, 2`);
  const out: Record<string, string> = {};
  for (const { schemaname, tablename } of tables) {
    const [row] = await t.rows(
      `select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${String(schemaname)}"."${String(tablename)}" x`,
    );
    out[`${String(schemaname)}.${String(tablename)}`] = `${row!.n}:${row!.h}`;
  }
  return out;
}

async function expectRefused(t: TestApp, r: Req): Promise<void> {
  const before = await snapshot(t);
  const res = await send(t, r);
  expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
    status: 403,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(res.json()).toMatchObject({ status: 403, code: 'webhook.invalid_signature' });
  expect(await snapshot(t)).toEqual(before);
}

async function twilioWorkspace(t: TestApp, number: string): Promise<Workspace> {
  const w = await telephonyWorkspace(t, { number });
  const [acct] = await t.rows('select twiml_app_sid from twilio_accounts where workspace_id = $1', [w.workspaceId]);
  return { ...w, twimlAppSid: String(acct!.twiml_app_sid) };
}

const inboundParams = (w: Workspace, sid = callSid()) => ({
  ...samples.incoming_voice_call.params,
  AccountSid: w.accountSid,
  To: w.number,
  Called: w.number,
  CallSid: sid,
});

const statusParams = (w: Workspace, sid: string, event: Record<string, string>, extra: Record<string, string> = {}) => ({
  ...samples.status_callbacks_outbound_api_call._common,
  AccountSid: w.accountSid,
  CallSid: sid,
  To: w.number,
  Called: w.number,
  Direction: 'inbound',
  ...event,
  ...extra,
});

const RINGING = { CallStatus: 'ringing', SequenceNumber: '1', Timestamp: 'Thu, 12 Feb 2026 11:48:27 +0000' };
const IN_PROGRESS = { CallStatus: 'in-progress', SequenceNumber: '2', Timestamp: 'Thu, 12 Feb 2026 11:48:41 +0000' };

/** A genuine webhook for one workspace, and how to tell it was accepted. */
interface Genuine {
  req: Req;
  accepted(res: LightMyRequestResponse): Promise<void>;
}

interface Target {
  name: string;
  /** Whether "A's own account, A's signature, on B's resource" must be a 403 (see the inbound test below otherwise). */
  crossTenantIsForbidden: boolean;
  build(t: TestApp, w: Workspace): Promise<Genuine>;
}

/** A call Twilio already told us about (made with a genuine webhook, before any snapshot). */
async function existingCall(t: TestApp, w: Workspace): Promise<string> {
  const sid = callSid();
  const r = await send(t, { path: VOICE, token: w.authToken, signed: inboundParams(w, sid) });
  expect(r.statusCode).toBe(200);
  return sid;
}

async function statusOf(t: TestApp, sid: string): Promise<string | null> {
  const [row] = await t.rows('select status from calls where call_sid = $1', [sid]);
  return row ? String(row.status) : null;
}

const TARGETS: Target[] = [
  {
    name: 'voice: a new inbound call to a routed number',
    crossTenantIsForbidden: false,
    async build(t, w) {
      const signed = inboundParams(w);
      return {
        req: { path: VOICE, token: w.authToken, signed },
        async accepted(res) {
          expect(res.statusCode).toBe(200);
          expect(res.body).toContain(`<Client`);
          expect(await statusOf(t, signed.CallSid)).toBe('ringing');
        },
      };
    },
  },
  {
    name: 'voice: a call it already knows (a retry, the next agent)',
    crossTenantIsForbidden: true,
    async build(t, w) {
      const sid = await existingCall(t, w);
      return {
        req: { path: `${VOICE}?attempt=1`, token: w.authToken, signed: { ...inboundParams(w, sid), DialCallStatus: 'no-answer' } },
        async accepted(res) {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/xml');
        },
      };
    },
  },
  {
    name: 'voice: a softphone call',
    crossTenantIsForbidden: true,
    async build(t, w) {
      const signed = {
        AccountSid: w.accountSid,
        ApplicationSid: w.twimlAppSid,
        ApiVersion: '2010-04-01',
        CallSid: callSid(),
        CallStatus: 'ringing',
        Direction: 'inbound',
        From: `client:${w.identity}`,
        To: '+12065550123',
      };
      return {
        req: { path: VOICE, token: w.authToken, signed },
        async accepted(res) {
          expect(res.statusCode).toBe(200);
          expect(res.body).toContain('<Number');
          expect(await statusOf(t, signed.CallSid)).toBe('initiated');
        },
      };
    },
  },
  {
    name: 'voice: a number it does not route, on a known account',
    crossTenantIsForbidden: false,
    async build(t, w) {
      const signed = inboundParams(w);
      Object.assign(signed, { To: '+14155550199', Called: '+14155550199' });
      return {
        req: { path: VOICE, token: w.authToken, signed },
        async accepted(res) {
          expect(res.statusCode).toBe(200);
          expect(res.body).toContain('<Hangup');
          expect(await statusOf(t, signed.CallSid)).toBeNull();
        },
      };
    },
  },
  {
    name: 'status: a known call',
    crossTenantIsForbidden: true,
    async build(t, w) {
      const sid = await existingCall(t, w);
      return {
        req: { path: STATUS, token: w.authToken, signed: statusParams(w, sid, IN_PROGRESS) },
        async accepted(res) {
          expect(res.statusCode).toBe(204);
          expect(await statusOf(t, sid)).toBe('in_progress');
        },
      };
    },
  },
  {
    name: "status: an agent's leg of a known call",
    crossTenantIsForbidden: true,
    async build(t, w) {
      const parent = await existingCall(t, w);
      const leg = callSid();
      return {
        req: {
          path: STATUS,
          token: w.authToken,
          signed: statusParams(w, leg, RINGING, {
            ParentCallSid: parent,
            To: `client:${w.identity}`,
            Called: `client:${w.identity}`,
            Direction: 'outbound-dial',
          }),
        },
        async accepted(res) {
          expect(res.statusCode).toBe(204);
          expect(await statusOf(t, leg)).toBe('ringing');
        },
      };
    },
  },
  {
    name: 'status: a call it does not know, on a known account',
    crossTenantIsForbidden: false,
    async build(t, w) {
      const sid = callSid();
      return {
        req: { path: STATUS, token: w.authToken, signed: statusParams(w, sid, RINGING) },
        async accepted(res) {
          expect(res.statusCode).toBe(204);
          expect(await statusOf(t, sid)).toBeNull();
        },
      };
    },
  },
];

interface Ctx {
  t: TestApp;
  a: Workspace;
  b: Workspace;
  target: Target;
  genuine: Genuine;
}

/** Turns A's genuine request into a forged one. */
interface Alteration {
  name: string;
  /** Default: every target. */
  appliesTo?(target: Target): boolean;
  forge(ctx: Ctx): Promise<Req>;
}

const otherPath = (path: string) => (path.startsWith(VOICE) ? STATUS : VOICE);
const flip = (signature: string) => (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);

const ALTERATIONS: Alteration[] = [
  { name: 'no X-Twilio-Signature header', forge: async ({ genuine }) => ({ ...genuine.req, token: null }) },
  { name: 'an empty X-Twilio-Signature header', forge: async ({ genuine }) => ({ ...genuine.req, signature: '' }) },
  {
    name: 'a signature with one character changed',
    forge: async ({ genuine }) => {
      const r = genuine.req;
      return { ...r, signature: flip(twilio.getExpectedTwilioSignature(r.token!, `${BASE}${r.path}`, r.signed)) };
    },
  },
  { name: 'signed with a wrong token', forge: async ({ genuine }) => ({ ...genuine.req, token: authToken() }) },
  { name: "A's payload signed with B's token", forge: async ({ genuine, b }) => ({ ...genuine.req, token: b.authToken }) },
  {
    name: "B's payload claiming A's AccountSid, signed with B's token",
    forge: async ({ t, b, a, target }) => {
      const g = await target.build(t, b);
      return { ...g.req, signed: { ...g.req.signed, AccountSid: a.accountSid } };
    },
  },
  {
    name: "B's payload with A's AccountSid, signed with A's own token",
    appliesTo: (target) => target.crossTenantIsForbidden,
    forge: async ({ t, b, a, target }) => {
      const g = await target.build(t, b);
      return { ...g.req, token: a.authToken, signed: { ...g.req.signed, AccountSid: a.accountSid } };
    },
  },
  {
    name: 'a parameter added after signing',
    forge: async ({ genuine }) => ({ ...genuine.req, body: form({ ...genuine.req.signed, Extra: 'x' }) }),
  },
  {
    name: 'a parameter added after signing, with an empty value',
    forge: async ({ genuine }) => ({ ...genuine.req, body: form({ ...genuine.req.signed, ForwardedFrom: '' }) }),
  },
  {
    name: 'a signed parameter repeated with another value after signing',
    forge: async ({ genuine }) => {
      const key = genuine.req.signed.CallStatus !== undefined ? 'CallStatus' : 'From';
      return { ...genuine.req, body: `${form(genuine.req.signed)}&${key}=completed` };
    },
  },
  {
    name: 'the signed parameters sent as JSON with a non-string parameter added',
    forge: async ({ genuine }) => ({
      ...genuine.req,
      body: JSON.stringify({ ...genuine.req.signed, Extra: 1, Nested: { CallStatus: 'completed' } }),
      headers: { 'content-type': 'application/json' },
    }),
  },
  {
    name: 'a parameter removed after signing',
    forge: async ({ genuine }) => {
      const { Direction: _d, ...rest } = genuine.req.signed;
      return { ...genuine.req, body: form(rest) };
    },
  },
  {
    name: 'a parameter changed after signing',
    forge: async ({ genuine }) => {
      const s = genuine.req.signed;
      const changed: Record<string, string> =
        s.CallStatus === 'in-progress' || s.CallStatus === 'ringing' ? { CallStatus: 'completed' } : { From: '+12065550999' };
      return { ...genuine.req, body: form({ ...s, ...changed }) };
    },
  },
  {
    name: 'the CallSid changed after signing',
    forge: async ({ genuine }) => ({ ...genuine.req, body: form({ ...genuine.req.signed, CallSid: callSid() }) }),
  },
  {
    name: 'signed over http:// while the service is https://',
    forge: async ({ genuine }) => ({ ...genuine.req, signUrl: `http://switchboard.test${genuine.req.path}` }),
  },
  {
    name: 'signed over http://…:80',
    forge: async ({ genuine }) => ({ ...genuine.req, signUrl: `http://switchboard.test:80${genuine.req.path}` }),
  },
  {
    name: 'signed over an explicit non-default port (:8443)',
    forge: async ({ genuine }) => ({ ...genuine.req, signUrl: `https://switchboard.test:8443${genuine.req.path}` }),
  },
  {
    name: 'signed over another host',
    forge: async ({ genuine }) => ({ ...genuine.req, signUrl: `https://evil.test${genuine.req.path}` }),
  },
  {
    name: 'signed over another host, sent with that Host header',
    forge: async ({ genuine }) => ({
      ...genuine.req,
      signUrl: `https://evil.test:8443${genuine.req.path}`,
      headers: { host: 'evil.test:8443', 'x-forwarded-host': 'evil.test:8443', 'x-forwarded-proto': 'https' },
    }),
  },
  {
    name: 'a query string added after signing',
    forge: async ({ genuine }) => {
      const r = genuine.req;
      return { ...r, path: `${r.path}${r.path.includes('?') ? '&' : '?'}x=1`, signUrl: `${BASE}${r.path}` };
    },
  },
  {
    name: 'the query string changed after signing',
    forge: async ({ genuine }) => {
      const r = genuine.req;
      const signedPath = r.path.includes('?') ? r.path : `${r.path}?attempt=1`;
      return { ...r, path: signedPath.replace(/attempt=\d+/, 'attempt=2'), signUrl: `${BASE}${signedPath}` };
    },
  },
  {
    name: 'the query string removed after signing',
    forge: async ({ genuine }) => {
      const r = genuine.req;
      const signedPath = r.path.includes('?') ? r.path : `${r.path}?attempt=1`;
      return { ...r, path: signedPath.split('?')[0]!, signUrl: `${BASE}${signedPath}` };
    },
  },
  {
    name: 'replayed to the other webhook',
    forge: async ({ genuine }) => {
      const r = genuine.req;
      return { ...r, path: otherPath(r.path), signUrl: `${BASE}${r.path}` };
    },
  },
];

describe('Twilio webhook signatures', () => {
  let t: TestApp;
  let a: Workspace;
  let b: Workspace;
  beforeAll(async () => {
    t = await startTestApp();
    a = await twilioWorkspace(t, '+14155551001');
    b = await twilioWorkspace(t, '+14155551002');
    expect(a.accountSid).not.toBe(b.accountSid);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(TARGETS.map((target) => [target.name, target] as const))('%s', (_name, target) => {
    const alterations = ALTERATIONS.filter((alteration) => alteration.appliesTo?.(target) ?? true);
    it.each(alterations.map((alteration) => [alteration.name, alteration] as const))(
      'refuses %s, and changes nothing',
      async (_n, alteration) => {
        const genuine = await target.build(t, a);
        const forged = await alteration.forge({ t, a, b, target, genuine });
        await expectRefused(t, forged);
        // The very same request, unaltered, goes through.
        await genuine.accepted(await send(t, genuine.req));
      },
    );
  });

  it("answers A's genuine webhook for B's number with a polite refusal, and touches nothing of B", async () => {
    const signed = { ...inboundParams(b), AccountSid: a.accountSid };
    const before = await snapshot(t);
    const r = await send(t, { path: VOICE, token: a.authToken, signed });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<Hangup');
    expect(r.body).not.toContain('<Client');
    expect(await snapshot(t)).toEqual(before);
  });

  it('accepts a signature over the same URL with the default port spelt out (:443), as Twilio may send it', async () => {
    const signed = inboundParams(a);
    const r = await send(t, { path: VOICE, signUrl: `https://switchboard.test:443${VOICE}`, token: a.authToken, signed });
    expect(r.statusCode).toBe(200);
    expect(await statusOf(t, signed.CallSid)).toBe('ringing');
  });

  it('checks the signature over the configured public URL, whatever Host the request came with', async () => {
    const signed = inboundParams(a);
    const r = await send(t, {
      path: VOICE,
      token: a.authToken,
      signed,
      headers: { host: 'internal-lb:3000', 'x-forwarded-proto': 'http' },
    });
    expect(r.statusCode).toBe(200);
    expect(await statusOf(t, signed.CallSid)).toBe('ringing');
  });
});

/** A clock a test can move forward. */
class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

async function rotate(t: TestApp, w: Workspace, token: string): Promise<void> {
  const r = await t.request(
    'PUT',
    `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/twilio`,
    { apiKey: w.apiKey },
    {
      accountSid: w.accountSid,
      authToken: token,
      twimlAppSid: w.twimlAppSid,
      verify: false,
    },
  );
  expect(r.statusCode).toBe(200);
}

describe('Twilio webhook signatures: auth token rotation', () => {
  let t: TestApp;
  const clock = new MovableClock();
  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps accepting the old token during the window (24 h by default), and refuses it after', async () => {
    const w = await twilioWorkspace(t, '+14155551003');
    const old = w.authToken;
    const fresh = authToken();
    await rotate(t, w, fresh);

    const inbound = inboundParams(w);
    const r = await send(t, { path: VOICE, token: old, signed: inbound });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<Client');
    expect((await send(t, { path: STATUS, token: old, signed: statusParams(w, inbound.CallSid, RINGING) })).statusCode).toBe(204);
    expect((await send(t, { path: STATUS, token: fresh, signed: statusParams(w, inbound.CallSid, IN_PROGRESS) })).statusCode).toBe(204);
    expect(await statusOf(t, inbound.CallSid)).toBe('in_progress');
    await expectRefused(t, { path: VOICE, token: authToken(), signed: inboundParams(w) });

    // Just before the window closes the old token still works; just after, it is refused.
    clock.offsetMs = 86_400_000 - 60_000;
    expect((await send(t, { path: VOICE, token: old, signed: inboundParams(w) })).statusCode).toBe(200);
    clock.offsetMs = 86_400_000 + 1_000;
    await expectRefused(t, { path: VOICE, token: old, signed: inboundParams(w) });
    await expectRefused(t, { path: STATUS, token: old, signed: statusParams(w, inbound.CallSid, { ...IN_PROGRESS, SequenceNumber: '3' }) });
    expect((await send(t, { path: VOICE, token: fresh, signed: inboundParams(w) })).statusCode).toBe(200);
    clock.offsetMs = 0;
  });

  it('keeps only the token replaced by the last rotation', async () => {
    const w = await twilioWorkspace(t, '+14155551004');
    const first = w.authToken;
    const second = authToken();
    const third = authToken();
    await rotate(t, w, second);
    await rotate(t, w, third);
    await expectRefused(t, { path: VOICE, token: first, signed: inboundParams(w) });
    expect((await send(t, { path: VOICE, token: second, signed: inboundParams(w) })).statusCode).toBe(200);
    expect((await send(t, { path: VOICE, token: third, signed: inboundParams(w) })).statusCode).toBe(200);
  });

  it('does not open a window when the same token is saved again', async () => {
    const w = await twilioWorkspace(t, '+14155551005');
    await rotate(t, w, w.authToken);
    expect((await send(t, { path: VOICE, token: w.authToken, signed: inboundParams(w) })).statusCode).toBe(200);
    const [row] = await t.rows('select previous_auth_token_sealed from twilio_accounts where workspace_id = $1', [w.workspaceId]);
    expect(row!.previous_auth_token_sealed).toBeNull();
  });
});

describe('Twilio webhook signatures: auth token rotation without a window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TWILIO_TOKEN_ROTATION_WINDOW_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the old token as soon as the new one is saved', async () => {
    const w = await twilioWorkspace(t, '+14155551006');
    const live = await existingCall(t, w);
    const old = w.authToken;
    const fresh = authToken();
    await rotate(t, w, fresh);
    await expectRefused(t, { path: VOICE, token: old, signed: inboundParams(w) });
    await expectRefused(t, { path: STATUS, token: old, signed: statusParams(w, live, IN_PROGRESS) });
    expect((await send(t, { path: STATUS, token: fresh, signed: statusParams(w, live, IN_PROGRESS) })).statusCode).toBe(204);
    expect(await statusOf(t, live)).toBe('in_progress');
  });
});
