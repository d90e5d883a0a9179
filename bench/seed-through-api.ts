import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import twilio from 'twilio';
import { PERMISSIONS } from '@domain/tenancy/roles';

/** How the benchmarks seed: through the API of an app in this process, as a client would. */
export type Credentials = { token: string } | { apiKey: string };
export type ApiCall = (method: 'GET' | 'POST' | 'PUT', url: string, as: Credentials, body?: unknown) => Promise<Record<string, unknown>>;

export function apiCaller(app: NestFastifyApplication): ApiCall {
  return async (method, url, as, body) => {
    const r = await app.inject({
      method,
      url,
      headers: {
        ...('token' in as ? { authorization: `Bearer ${as.token}` } : { 'x-api-key': as.apiKey }),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
  };
}

/** A signed-in user's bearer token, signed with the app's SUPABASE_JWT_SECRET. */
export function userToken(jwtSecret: string, emailPrefix: string, expiresIn = '1h'): Promise<string> {
  const sub = randomUUID();
  return new SignJWT({ role: 'authenticated', sub, email: `${emailPrefix}-${sub.slice(0, 8)}@example.test` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setAudience('authenticated')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(jwtSecret));
}

export interface SeededWorkspace {
  orgId: string;
  apiKey: { apiKey: string };
  workspaceId: string;
  accountSid: string;
  authToken: string;
  number: string;
}

/** An organization (owned by `owner`), an admin API key, a workspace with its Twilio account and one number. */
export async function seedTwilioWorkspace(
  call: ApiCall,
  owner: { token: string },
  options: { orgName: string; number: string },
): Promise<SeededWorkspace> {
  const orgId = String((await call('POST', '/v1/organizations', owner, { name: options.orgName })).id);
  const scopes = PERMISSIONS.filter((p) => p !== 'organizations:delete');
  const apiKey = { apiKey: String((await call('POST', `/v1/organizations/${orgId}/api-keys`, owner, { name: 'bench', scopes })).key) };
  const workspaceId = String((await call('POST', `/v1/organizations/${orgId}/workspaces`, owner, { name: 'Support' })).id);
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  await call('PUT', `/v1/organizations/${orgId}/workspaces/${workspaceId}/twilio`, apiKey, {
    accountSid,
    authToken,
    apiKeySid: `SK${randomBytes(16).toString('hex')}`,
    apiKeySecret: randomBytes(16).toString('hex'),
    twimlAppSid: `AP${randomBytes(16).toString('hex')}`,
    verify: false,
  });
  await call('POST', `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers`, apiKey, {
    phoneNumber: options.number,
    twilioSid: `PN${randomBytes(16).toString('hex')}`,
    friendlyName: 'Main line',
  });
  return { orgId, apiKey, workspaceId, accountSid, authToken, number: options.number };
}

/** Posts a Twilio webhook to the app in this process, signed with the workspace's auth token. */
export function twilioWebhookPoster(app: NestFastifyApplication, publicBaseUrl: string, authToken: string) {
  return async (pathname: string, params: Record<string, string>): Promise<void> => {
    const r = await app.inject({
      method: 'POST',
      url: pathname,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${pathname}`, params),
      },
      payload: new URLSearchParams(params).toString(),
    });
    if (r.statusCode >= 300) throw new Error(`${pathname}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  };
}
