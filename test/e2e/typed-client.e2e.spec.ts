import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from '../../client/switchboard-api';
import { pcmWav } from '../support/audio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');

/**
 * A frontend's day with the client generated from openapi.json (`npm run client`), against the
 * running service over HTTP. Type-checked by `npm run lint` (tsc): no casts anywhere, so a
 * contract that cannot express a call fails the build, not a user.
 */
describe('the typed client generated from openapi.json', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  const clientFor = (credentials: { token: string } | { apiKey: string }) =>
    createClient<paths>({
      baseUrl,
      headers: 'token' in credentials ? { Authorization: `Bearer ${credentials.token}` } : { 'X-API-Key': credentials.apiKey },
    });

  it('is what `npm run client` generates from the committed openapi.json', () => {
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), 'openapi.json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(generated).toBe(readFileSync(path.join(ROOT, 'client/switchboard-api.ts'), 'utf8'));
  });

  it('runs a frontend scenario: organization, workspace, members, API key, calls, uploads, paged analyses, audit, review queue', async () => {
    const owner: TestUser = await t.user('owner@frontend.test');
    const reviewer: TestUser = await t.user('reviewer@frontend.test');
    const api = clientFor(owner);

    const created = await api.POST('/v1/organizations', { body: { name: 'Frontend Co' } });
    expect(created.response.status).toBe(201);
    const orgId = created.data!.id;
    const org = { params: { path: { orgId } } };

    const me = await api.GET('/v1/me');
    expect(me.data?.memberships.map((m) => m.organizationId)).toContain(orgId);

    const workspace = await api.POST('/v1/organizations/{orgId}/workspaces', { ...org, body: { name: 'Fraud desk' } });
    expect(workspace.response.status).toBe(201);
    const workspaces = await api.GET('/v1/organizations/{orgId}/workspaces', { params: { path: { orgId }, query: { limit: 10 } } });
    expect(workspaces.data?.data.map((w) => w.name)).toEqual(['Fraud desk']);

    // The reviewer signs in once, then is added by id.
    expect((await clientFor(reviewer).GET('/v1/me')).response.status).toBe(200);
    const added = await api.POST('/v1/organizations/{orgId}/members', { ...org, body: { userId: reviewer.id, role: 'reviewer' } });
    expect(added.data?.role).toBe('reviewer');
    const members = await api.GET('/v1/organizations/{orgId}/members', org);
    expect(members.data?.data.map((m) => m.role).sort()).toEqual(['owner', 'reviewer']);

    const key = await api.POST('/v1/organizations/{orgId}/api-keys', {
      ...org,
      body: { name: 'CRM sync', scopes: ['calls:read', 'analyses:read', 'analyses:write', 'reviews:write', 'audit:read'] },
    });
    expect(key.response.status).toBe(201);
    const integration = clientFor({ apiKey: key.data!.key });

    const calls = await integration.GET('/v1/organizations/{orgId}/calls', {
      params: { path: { orgId }, query: { direction: 'inbound', limit: 5 } },
    });
    expect(calls.data).toEqual({ data: [], nextCursor: null });

    // Three distinct recordings uploaded as multipart; the body names the file, the serializer sends its bytes.
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 3; i++)
      files.set(`call-${i}.wav`, pcmWav({ frames: 8000 + i * 800, sample: (f) => Math.round(Math.sin(f / (i + 3)) * 8000) }));
    for (const name of files.keys()) {
      const upload = await integration.POST('/v1/organizations/{orgId}/analyses', {
        ...org,
        body: { file: name },
        bodySerializer: (body) => {
          const form = new FormData();
          if ('file' in body) form.append('file', new Blob([files.get(body.file)!], { type: 'audio/wav' }), body.file);
          return form;
        },
      });
      expect(upload.response.status).toBe(201);
      expect(upload.data?.status).toBeDefined();
    }

    // Pages of two, followed by their cursors: every analysis once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await integration.GET('/v1/organizations/{orgId}/analyses', {
        params: { path: { orgId }, query: { limit: 2, cursor } },
      });
      expect(page.response.status).toBe(200);
      seen.push(...(page.data?.data.map((a) => a.id) ?? []));
      cursor = page.data?.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);

    const audit = await integration.GET('/v1/organizations/{orgId}/audit-logs', { params: { path: { orgId }, query: { limit: 100 } } });
    expect(audit.data?.data.map((row) => row.action)).toEqual(
      expect.arrayContaining(['organization.created', 'workspace.created', 'member.added', 'api_key.created']),
    );
    const verified = await integration.GET('/v1/organizations/{orgId}/audit-logs/verify', org);
    expect(verified.data?.valid).toBe(true);

    // Nothing is risky, so the reviewer's claim finds an empty queue: 204, no body.
    const claim = await clientFor(reviewer).POST('/v1/organizations/{orgId}/review-queue/claim', org);
    expect(claim.response.status).toBe(204);

    // Errors come typed too: the problem's code is part of the contract. Reviews are for people, whatever a key's scopes.
    const refused = await integration.POST('/v1/organizations/{orgId}/review-queue/claim', org);
    expect(refused.response.status).toBe(403);
    expect(refused.error?.code).toBe('auth.user_required');
  });
});
