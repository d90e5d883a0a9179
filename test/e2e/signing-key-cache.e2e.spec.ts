import { createApp } from '../../src/create-app';
import { Database } from '@infrastructure/persistence/database';
import { TwilioCredentialsService } from '@modules/telephony/twilio-credentials.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { authToken, callSid, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

/**
 * Two replicas of the service on one database (two apps; on PostgreSQL each with its own pool
 * and LISTEN connection, on PGlite sharing the embedded instance): the webhook signing keys one
 * replica keeps in memory are forgotten when another replica rotates or removes the account.
 */
type App = Awaited<ReturnType<typeof createApp>>;

const VOICE = '/webhooks/twilio/voice';
const STATUS = '/webhooks/twilio/status';

const inbound = (w: TelephonyWorkspace, sid: string) => ({
  ...samples.incoming_voice_call.params,
  AccountSid: w.accountSid,
  To: w.number,
  Called: w.number,
  CallSid: sid,
});
const status = (w: TelephonyWorkspace, sid: string, sequence: number, callStatus: string) => ({
  ...samples.status_callbacks_outbound_api_call._common,
  AccountSid: w.accountSid,
  CallSid: sid,
  To: w.number,
  Called: w.number,
  Direction: 'inbound',
  CallStatus: callStatus,
  SequenceNumber: String(sequence),
  Timestamp: new Date(Date.UTC(2026, 1, 12, 11, 48, sequence)).toUTCString().replace('GMT', '+0000'),
});

/** Waits (up to 5 s) for a condition another replica brings about asynchronously. */
async function eventually(check: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('Webhook signing keys kept in memory, across replicas', () => {
  let t: TestApp;
  let other: App;
  /** The second replica, through the same inject helper (its answers are not contract-checked). */
  let replica: TestApp;

  beforeAll(async () => {
    const env = { TWILIO_TOKEN_ROTATION_WINDOW_SECONDS: '0' };
    t = await startTestApp({ env });
    // PostgreSQL: a pool of its own on the same database. PGlite: the same embedded instance, which the first app closes.
    const database = t.config.databaseUrl
      ? await Database.open({ kind: 'postgres', url: t.config.databaseUrl, poolSize: 3 })
      : (Object.create(t.database, { close: { value: async () => undefined } }) as Database);
    other = await createApp(t.config, { database });
    await other.init();
    await other.getHttpAdapter().getInstance().ready();
    replica = { ...t, app: other } as TestApp;
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('forgets the rotated token on the other replica, and takes the new one', async () => {
    const w = await telephonyWorkspace(t);
    const sid = callSid();
    expect((await twilioPost(replica, VOICE, inbound(w, sid), w.authToken)).statusCode).toBe(200);
    expect((await twilioPost(replica, STATUS, status(w, sid, 1, 'ringing'), w.authToken)).statusCode).toBe(204);
    // The replica now keeps the workspace's keys: a further callback reads nothing to check its signature.
    const keys = other.get(TwilioCredentialsService);
    expect(keys.cachedSigningKeys(w.workspaceId)?.authToken).toBe(w.authToken);

    const fresh = authToken();
    const put = await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/twilio`,
      { apiKey: w.apiKey },
      {
        accountSid: w.accountSid,
        authToken: fresh,
        verify: false,
      },
    );
    expect(put.statusCode).toBe(200);

    // The other replica hears of the change once it commits, and forgets the old keys.
    expect(await eventually(() => keys.cachedSigningKeys(w.workspaceId) === null)).toBe(true);
    const refused = await twilioPost(replica, STATUS, status(w, sid, 2, 'in-progress'), w.authToken);
    expect(refused.statusCode).toBe(403);
    expect((await twilioPost(replica, STATUS, status(w, sid, 2, 'in-progress'), fresh)).statusCode).toBe(204);
    expect(keys.cachedSigningKeys(w.workspaceId)?.authToken).toBe(fresh);
    const [row] = await t.rows('select status from calls where call_sid = $1', [sid]);
    expect(row!.status).toBe('in_progress');
  });

  it('forgets a removed account on the other replica', async () => {
    const w = await telephonyWorkspace(t);
    const sid = callSid();
    expect((await twilioPost(replica, VOICE, inbound(w, sid), w.authToken)).statusCode).toBe(200);
    const keys = other.get(TwilioCredentialsService);
    expect(keys.cachedSigningKeys(w.workspaceId)).not.toBeNull();
    const removed = await t.request('DELETE', `/v1/organizations/${w.orgId}/workspaces/${w.workspaceId}/twilio`, { apiKey: w.apiKey });
    expect(removed.statusCode).toBe(204);
    expect(await eventually(() => keys.cachedSigningKeys(w.workspaceId) === null)).toBe(true);
    expect((await twilioPost(replica, STATUS, status(w, sid, 1, 'ringing'), w.authToken)).statusCode).toBe(403);
  });
});
