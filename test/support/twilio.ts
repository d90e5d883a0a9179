import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import twilio from 'twilio';
import type { TestApp, TestUser } from './test-app';

/** Twilio's webhook parameter sets, from its documentation (test/fixtures/twilio/webhook-samples.json). */
export const samples = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/twilio/webhook-samples.json'), 'utf8')) as {
  incoming_voice_call: { params: Record<string, string> };
  status_callbacks_outbound_api_call: { _common: Record<string, string>; events: Record<string, string>[] };
  recording_status_callback: Record<string, Record<string, string>>;
};

export function hex(n: number): string {
  return randomBytes(n).toString('hex').slice(0, n);
}
export const accountSid = () => `AC${hex(32)}`;
export const callSid = () => `CA${hex(32)}`;
export const numberSid = () => `PN${hex(32)}`;
export const authToken = () => hex(32);

/** Posts a form as Twilio does, signed with `token` over the public URL (or unsigned with null). */
export async function twilioPost(
  t: TestApp,
  pathAndQuery: string,
  params: Record<string, string>,
  token: string | null,
  options: { url?: string } = {},
) {
  const url = options.url ?? `${t.config.publicBaseUrl}${pathAndQuery}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== null) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(token, url, params);
  return t.app.inject({ method: 'POST', url: pathAndQuery, headers, payload: new URLSearchParams(params).toString() });
}

export interface TelephonyWorkspace {
  orgId: string;
  apiKey: string;
  owner: TestUser;
  workspaceId: string;
  accountSid: string;
  authToken: string;
  number: string;
  numberId: string;
  agent: TestUser;
  identity: string;
}

/** An organization with a workspace, its Twilio account, a number, and one available agent on it. */
export async function telephonyWorkspace(
  t: TestApp,
  options: { number?: string; accountSid?: string; availability?: string } = {},
): Promise<TelephonyWorkspace> {
  const { orgId, apiKey, owner } = await t.organization();
  const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { token: owner.token }, { name: 'Support' });
  const workspaceId = ws.json().id as string;
  const sid = options.accountSid ?? accountSid();
  const token = authToken();
  const put = await t.request(
    'PUT',
    `/v1/organizations/${orgId}/workspaces/${workspaceId}/twilio`,
    { apiKey },
    {
      accountSid: sid,
      authToken: token,
      apiKeySid: `SK${hex(32)}`,
      apiKeySecret: hex(32),
      twimlAppSid: `AP${hex(32)}`,
      verify: false,
    },
  );
  if (put.statusCode !== 200) throw new Error(`twilio account: ${put.statusCode} ${put.body}`);
  const number = options.number ?? `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const added = await t.request(
    'POST',
    `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers`,
    { apiKey },
    { phoneNumber: number, twilioSid: numberSid(), friendlyName: 'Main line' },
  );
  if (added.statusCode !== 201) throw new Error(`phone number: ${added.statusCode} ${added.body}`);
  const agent = await t.user();
  await t.request('GET', '/v1/me', { token: agent.token });
  await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: agent.id, role: 'agent' });
  await t.request('PUT', `/v1/organizations/${orgId}/workspaces/${workspaceId}/members/${agent.id}`, { apiKey }, { role: 'member' });
  const identity = `agent_${hex(6)}`;
  const a = await t.request(
    'POST',
    `/v1/organizations/${orgId}/workspaces/${workspaceId}/agents`,
    { apiKey },
    { userId: agent.id, identity, availability: options.availability ?? 'available' },
  );
  if (a.statusCode !== 201) throw new Error(`agent: ${a.statusCode} ${a.body}`);
  const numberId = added.json().id as string;
  await t.request(
    'PUT',
    `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers/${numberId}/agents/${agent.id}`,
    { apiKey },
    {},
  );
  return {
    orgId,
    apiKey,
    owner,
    workspaceId,
    accountSid: sid,
    authToken: token,
    number: added.json().phoneNumber,
    numberId,
    agent,
    identity,
  };
}
