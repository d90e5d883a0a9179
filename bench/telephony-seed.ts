/**
 * Seeding for the telephony scenarios (bench/telephony.ts), through the service's own API where it
 * is practical: organizations, API keys, workspaces, Twilio accounts with known auth tokens, numbers,
 * agents and one click-to-call per workspace all go through HTTP routes of the running app (against
 * a fake Twilio REST API on 127.0.0.1). The thousands of call legs the status callbacks update are
 * then copied in SQL from those real click-to-call rows (same columns, same participant), since
 * placing 30,000 calls through the API would take most of the time budget.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { SignJWT } from 'jose';
import { PERMISSIONS } from '@domain/tenancy/roles';
import type { Database } from '@infrastructure/persistence/database';

export interface TelephonySeedOptions {
  organizations: number;
  workspacesPerOrganization: number;
  /** Call legs in all, spread evenly over the workspaces. */
  legs: number;
}

export interface SeededWorkspace {
  organizationId: string;
  workspaceId: string;
  accountSid: string;
  authToken: string;
  /** E.164 number of the workspace (inbound calls go to it; click-to-calls come from it). */
  number: string;
  identity: string;
}

export interface TelephonySeed {
  workspaces: SeededWorkspace[];
  /** Call SIDs of the seeded legs, one list per workspace (same order as `workspaces`). */
  legs: string[][];
  seconds: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A fake of Twilio's REST API: enough of POST /Calls.json for click-to-call. */
export async function startFakeTwilio(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post<{ Params: { account: string }; Body: Record<string, string> }>(
    '/2010-04-01/Accounts/:account/Calls.json',
    async (request, reply) => {
      const now = new Date().toUTCString().replace('GMT', '+0000');
      return reply.code(201).send({
        sid: `CA${hex(16)}`,
        account_sid: request.params.account,
        parent_call_sid: null,
        status: 'queued',
        to: request.body.To,
        from: request.body.From,
        direction: 'outbound-api',
        date_created: now,
        date_updated: now,
        start_time: null,
        end_time: null,
        duration: null,
        api_version: '2010-04-01',
        uri: `/2010-04-01/Accounts/${request.params.account}/Calls.json`,
      });
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}

/**
 * A time-ordered uuid (v7 layout, as `newId()` makes) computed in SQL: 48-bit unix ms, version 7,
 * 12 bits of `a`, variant 10, then 62 bits of `b`.
 */
function uuidV7Sql(ms: string, a: string, b: string): string {
  const h = `lpad(to_hex(${ms}), 12, '0')`;
  return (
    `(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-7' || lpad(to_hex((${a})::int & 4095), 3, '0') || '-8' ||` +
    ` lpad(to_hex(((${b})::bigint >> 48) & 4095), 3, '0') || '-' || lpad(to_hex((${b})::bigint & 281474976710655), 12, '0'))::uuid`
  );
}

export async function seedTelephony(
  app: NestFastifyApplication,
  database: Database,
  jwtSecret: string,
  options: TelephonySeedOptions,
): Promise<TelephonySeed> {
  const started = Date.now();
  const tag = hex(4);

  const token = (sub: string, email: string) =>
    new SignJWT({ role: 'authenticated', sub, email, user_metadata: { full_name: `Bench ${sub.slice(0, 4)}` } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setAudience('authenticated')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(jwtSecret));
  const newUser = async () => {
    const id = crypto.randomUUID();
    return { id, token: await token(id, `bench-${tag}-${id.slice(0, 8)}@example.test`) };
  };
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    as: { token: string } | { apiKey: string },
    body?: unknown,
    expect = [200, 201],
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...('token' in as ? { authorization: `Bearer ${as.token}` } : { 'x-api-key': as.apiKey }),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    if (!expect.includes(response.statusCode)) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  };

  const workspaces: SeededWorkspace[] = [];
  const callIds: string[] = [];
  for (let o = 0; o < options.organizations; o++) {
    const owner = await newUser();
    const org = await call('POST', '/v1/organizations', owner, { name: `Telephony bench ${tag} ${o}` });
    const orgId = String(org.id);
    const key = await call('POST', `/v1/organizations/${orgId}/api-keys`, owner, {
      name: 'telephony bench',
      scopes: PERMISSIONS.filter((p) => p !== 'organizations:delete'),
    });
    const apiKey = { apiKey: String(key.key) };
    for (let w = 0; w < options.workspacesPerOrganization; w++) {
      const n = o * options.workspacesPerOrganization + w;
      const ws = await call('POST', `/v1/organizations/${orgId}/workspaces`, owner, { name: `Support ${n}` });
      const workspaceId = String(ws.id);
      const accountSid = `AC${hex(16)}`;
      const authToken = hex(16);
      await call('PUT', `/v1/organizations/${orgId}/workspaces/${workspaceId}/twilio`, apiKey, {
        accountSid,
        authToken,
        apiKeySid: `SK${hex(16)}`,
        apiKeySecret: hex(16),
        twimlAppSid: `AP${hex(16)}`,
        verify: false,
      });
      // 555-01xx is the fictional range; a random area code keeps runs on a reused database apart.
      const e164 = `+1${[206, 212, 303, 312, 415, 503, 617, 646][n % 8]}555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
      const number = await call('POST', `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers`, apiKey, {
        phoneNumber: e164,
        twilioSid: `PN${hex(16)}`,
        friendlyName: 'Main line',
      });
      const agent = await newUser();
      await call('GET', '/v1/me', agent);
      await call('POST', `/v1/organizations/${orgId}/members`, apiKey, { userId: agent.id, role: 'agent' });
      await call('PUT', `/v1/organizations/${orgId}/workspaces/${workspaceId}/members/${agent.id}`, apiKey, { role: 'member' });
      const identity = `agent_${hex(3)}`;
      await call('POST', `/v1/organizations/${orgId}/workspaces/${workspaceId}/agents`, apiKey, {
        userId: agent.id,
        identity,
        availability: 'available',
      });
      await call(
        'PUT',
        `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers/${String(number.id)}/agents/${agent.id}`,
        apiKey,
        {},
      );
      // One real click-to-call (fake Twilio answers "queued"): the template of the legs below.
      const placed = await call('POST', `/v1/organizations/${orgId}/workspaces/${workspaceId}/calls`, apiKey, {
        to: `+1206555${String(100 + n).padStart(4, '0')}`,
        agentUserId: agent.id,
      });
      callIds.push(String(placed.id));
      workspaces.push({ organizationId: orgId, workspaceId, accountSid, authToken, number: String(number.phoneNumber), identity });
    }
  }

  // Copies of each workspace's click-to-call: same columns as RecordOutboundCallHandler writes
  // (status queued, last_sequence -1, the customer as external participant), new id and CallSid.
  const perWorkspace = Math.ceil(options.legs / workspaces.length);
  const base = Date.now() - 600_000;
  const newCallId = uuidV7Sql(`${base}::bigint + i`, 'w', `(w::bigint << 32) + i`);
  const templates = `(select c.*, (row_number() over (order by c.id))::int as w from calls c where c.id = any($1::uuid[]))`;
  await database.query(
    `insert into calls (organization_id, id, workspace_id, call_sid, parent_call_sid, direction, from_number, to_number, status, last_sequence,
                        started_at, answered_at, answered_at_derived, ended_at, duration_seconds, answered_by_user_id, phone_number_id,
                        agent_user_id, stir_verstat, created_at, updated_at)
     select t.organization_id, ${newCallId}, t.workspace_id, 'CA' || md5('${tag}-' || t.w || '-' || i), null, t.direction, t.from_number,
            '+1206' || lpad(((i * 7919) % 10000000)::text, 7, '0'), t.status, t.last_sequence,
            to_timestamp((${base}::bigint + i) / 1000.0), null, false, null, null, null, t.phone_number_id,
            t.agent_user_id, null, to_timestamp((${base}::bigint + i) / 1000.0), to_timestamp((${base}::bigint + i) / 1000.0)
     from ${templates} t cross join generate_series(1, ${perWorkspace}) as i`,
    [callIds],
  );
  await database.query(
    `insert into call_participants (organization_id, id, call_id, kind, role, user_id, address, call_sid, joined_at, left_at)
     select t.organization_id, ${uuidV7Sql(`${base}::bigint + i`, 'w + 2048', `(w::bigint << 32) + i`)}, ${newCallId}, p.kind, p.role, p.user_id,
            '+1206' || lpad(((i * 7919) % 10000000)::text, 7, '0'), 'CA' || md5('${tag}-' || t.w || '-' || i),
            to_timestamp((${base}::bigint + i) / 1000.0), null
     from ${templates} t join call_participants p on p.organization_id = t.organization_id and p.call_id = t.id
     cross join generate_series(1, ${perWorkspace}) as i`,
    [callIds],
  );
  await database.query('vacuum (analyze) calls, call_participants, twilio_accounts, agents, audit_logs, audit_log_unsealed');

  const rows = await database.query(
    `select call_sid, workspace_id from calls where workspace_id = any($1::uuid[]) and id <> all($2::uuid[]) order by id`,
    [workspaces.map((w) => w.workspaceId), callIds],
  );
  const index = new Map(workspaces.map((w, i) => [w.workspaceId, i]));
  const legs: string[][] = workspaces.map(() => []);
  for (const r of rows.rows) legs[index.get(String(r.workspace_id))!]!.push(String(r.call_sid));
  return { workspaces, legs, seconds: (Date.now() - started) / 1000 };
}
