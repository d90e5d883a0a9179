import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildOpenApi, createApp } from '../../src/create-app';
import { PERMISSIONS } from '@domain/tenancy/roles';
import type { Clock } from '@domain/shared/clock';
import { loadConfig, type AppConfig } from '@infrastructure/config/app-config';
import { PgBossJobQueue } from '@infrastructure/jobs/pg-boss-job-queue';
import type { Database } from '@infrastructure/persistence/database';
import { SEAL_AUDIT_CHAIN_QUEUE } from '@modules/audit';
import { OpenApiResponseValidator } from './openapi-response-validator';
import { recordValidatedResponses } from './openapi-stats';
import { createTestDatabase, type TestDatabase } from './test-database';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET, TMP_DIR } from './test-environment';

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export type Credentials = { token: string } | { apiKey: string } | null;

export interface TestApp {
  app: NestFastifyApplication;
  database: Database;
  config: AppConfig;
  /** Sends a request as a user (token), an integration (apiKey), or nobody. */
  request(
    method: InjectOptions['method'],
    url: string,
    as: Credentials,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** A signed-in user; the first request creates the profile. */
  user(email?: string): Promise<TestUser>;
  /** A user who owns a new organization, and an admin API key for it. */
  organization(name?: string): Promise<{ orgId: string; owner: TestUser; apiKey: string }>;
  /** Runs due jobs on the queue in this process. */
  drain(queue: string): Promise<number>;
  sealAudit(): Promise<number>;
  rows(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    DATA_DIR: TMP_DIR,
    JOBS_ENABLED: 'false',
    PUBLIC_BASE_URL: 'https://switchboard.test',
    // Swagger UI's static files do not load under Jest's module loader; the document itself is tested through buildOpenApi.
    SWAGGER_ENABLED: 'false',
    ...overrides,
  });
}

export async function signToken(
  claims: Record<string, unknown>,
  options: { secret?: string; expiresIn?: string | number; audience?: string } = {},
): Promise<string> {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setAudience(options.audience ?? 'authenticated')
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export async function startTestApp(
  options: { env?: Record<string, string>; clock?: Clock; route?: (url: string) => string } = {},
): Promise<TestApp> {
  const db: TestDatabase = await createTestDatabase({ route: options.route });
  const config = testConfig({ ...(db.url ? { DATABASE_URL: db.url } : {}), ...options.env });
  const app = await createApp(config, { database: db.database, clock: options.clock });

  // Every answer the suite receives is checked against the API description (see close()).
  const contract = new OpenApiResponseValidator(buildOpenApi(app));
  const adapter = app.getHttpAdapter() as unknown as { inject(opts: InjectOptions): Promise<LightMyRequestResponse> };
  const inject = adapter.inject.bind(adapter);
  adapter.inject = async (opts: InjectOptions) => {
    const res = await inject(opts);
    contract.check({
      method: String(opts.method ?? 'GET'),
      url: String(opts.url ?? opts.path ?? ''),
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
    });
    return res;
  };

  const request: TestApp['request'] = async (method, url, as, body, headers = {}) => {
    const auth: Record<string, string> = {};
    if (as && 'token' in as) auth.authorization = `Bearer ${as.token}`;
    if (as && 'apiKey' in as) auth['x-api-key'] = as.apiKey;
    return app.inject({
      method,
      url,
      headers: { ...auth, ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  };

  const user: TestApp['user'] = async (email) => {
    const id = randomUUID();
    const address = email ?? `user-${id.slice(0, 8)}@example.test`;
    const token = await signToken({ sub: id, email: address, user_metadata: { full_name: `User ${id.slice(0, 4)}` } });
    return { id, email: address, token };
  };

  const testApp: TestApp = {
    app,
    database: db.database,
    config,
    request,
    user,
    async organization(name = 'Acme') {
      const owner = await user();
      const created = await request('POST', '/v1/organizations', { token: owner.token }, { name });
      if (created.statusCode !== 201) throw new Error(`create organization: ${created.statusCode} ${created.body}`);
      const orgId = created.json().id as string;
      const key = await request(
        'POST',
        `/v1/organizations/${orgId}/api-keys`,
        { token: owner.token },
        {
          name: 'test admin',
          scopes: PERMISSIONS.filter((p) => p !== 'organizations:delete'),
        },
      );
      if (key.statusCode !== 201) throw new Error(`create api key: ${key.statusCode} ${key.body}`);
      return { orgId, owner, apiKey: key.json().key as string };
    },
    drain: (queue) => app.get(PgBossJobQueue).drain(queue),
    sealAudit: () => app.get(PgBossJobQueue).drain(SEAL_AUDIT_CHAIN_QUEUE),
    async rows(sql, values = []) {
      return (await db.database.query(sql, values)).rows;
    },
    async close() {
      await app.close();
      await db.dispose();
      recordValidatedResponses(contract.validated, contract.failures.length);
      if (contract.failures.length > 0) {
        throw new Error(
          `${contract.failures.length} answer(s) do not match openapi.json:\n  ${[...new Set(contract.failures)].join('\n  ')}`,
        );
      }
    },
  };
  return testApp;
}
