import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../../src/create-app';
import { startTestApp, type Credentials, type TestApp, type TestUser } from '../support/test-app';

type Schema = Record<string, any>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Operation {
  method: Method;
  path: string;
  operation: Record<string, any>;
}

interface Tenant {
  orgId: string;
  owner: TestUser;
  apiKey: string;
  workspaceId: string;
  member: TestUser;
  keyId: string;
}

const PREFIX = '/v1/organizations/{orgId}';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function operationsUnderOrganization(doc: OpenAPIObject): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(PREFIX)) continue;
    for (const method of METHODS) {
      const operation = (item as Record<string, any>)[method.toLowerCase()];
      if (operation) out.push({ method, path, operation });
    }
  }
  return out;
}

describe('tenant isolation: every /v1/organizations/{orgId} operation', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  let ops: Operation[];
  let a: Tenant;
  let b: Tenant;
  let aCursor: string;
  let tables: string[];

  async function tenant(name: string, extra: boolean): Promise<Tenant> {
    const { orgId, owner, apiKey } = await t.organization(name);
    // Use the key once so its last_used_at is settled before any snapshot.
    expect((await t.request('GET', `/v1/organizations/${orgId}`, { apiKey })).statusCode).toBe(200);
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { token: owner.token }, { name: `${name} desk` });
    expect(ws.statusCode).toBe(201);
    const member = await t.user();
    await t.request('GET', '/v1/me', { token: member.token });
    const added = await t.request(
      'POST',
      `/v1/organizations/${orgId}/members`,
      { token: owner.token },
      { userId: member.id, role: 'member' },
    );
    expect(added.statusCode).toBe(201);
    const keys = await t.request('GET', `/v1/organizations/${orgId}/api-keys`, { token: owner.token });
    let keyId = keys.json().data[0].id as string;
    if (extra) {
      const ws2 = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { token: owner.token }, { name: `${name} second desk` });
      expect(ws2.statusCode).toBe(201);
      const put = await t.request(
        'PUT',
        `/v1/organizations/${orgId}/workspaces/${ws.json().id}/members/${member.id}`,
        { token: owner.token },
        { role: 'member' },
      );
      expect(put.statusCode).toBe(201);
      const key = await t.request(
        'POST',
        `/v1/organizations/${orgId}/api-keys`,
        { token: owner.token },
        { name: 'extra', scopes: ['workspaces:read'] },
      );
      expect(key.statusCode).toBe(201);
      keyId = key.json().id;
    }
    return { orgId, owner, apiKey, workspaceId: ws.json().id, member, keyId };
  }

  beforeAll(async () => {
    t = await startTestApp();
    doc = buildOpenApi(t.app);
    ops = operationsUnderOrganization(doc);
    a = await tenant('Alpha', true);
    b = await tenant('Bravo', false);
    const page = await t.request('GET', `/v1/organizations/${a.orgId}/workspaces?limit=1`, { apiKey: a.apiKey });
    aCursor = page.json().nextCursor;
    expect(typeof aCursor).toBe('string');
    tables = (await t.rows(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) =>
      String(r.tablename),
    );
    expect(tables).toEqual(expect.arrayContaining(['audit_logs', 'workspaces', 'api_keys']));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function snapshot(): Promise<Record<string, string>> {
    // Keys refresh last_used_at at most once a minute: refresh them now, so the walk's own uses write nothing.
    for (const key of [a.apiKey, b.apiKey]) await t.request('GET', '/v1/me', { apiKey: key });
    const out: Record<string, string> = {};
    for (const table of tables) {
      const [row] = await t.rows(
        `select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from public."${table}" x`,
      );
      out[table] = `${row!.n}:${row!.h}`;
    }
    return out;
  }

  function resolve(schema: Schema | undefined): Schema | undefined {
    let s = schema;
    for (let i = 0; s && s.$ref && i < 10; i++) {
      const name = String(s.$ref).split('/').pop()!;
      s = (doc.components?.schemas as Record<string, Schema> | undefined)?.[name];
    }
    if (s?.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  }

  function idFor(name: string, victim: Tenant): string {
    const n = name.toLowerCase();
    if (n === 'orgid' || n === 'organizationid') return victim.orgId;
    if (n.includes('workspace')) return victim.workspaceId;
    if (n.includes('key')) return victim.keyId;
    if (n.includes('user') || n.includes('actor') || n.includes('member')) return victim.member.id;
    if (n.includes('resource')) return victim.workspaceId;
    return randomUUID();
  }

  function valueFor(name: string, schema: Schema | undefined, victim: Tenant, depth = 0): unknown {
    const s = resolve(schema);
    if (!s || depth > 5) return 'x';
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
    if (type === 'object' || s.properties) return bodyFor(s, victim, depth + 1);
    if (type === 'array') return [valueFor(name, s.items, victim, depth + 1)];
    if (type === 'integer' || type === 'number') return s.minimum ?? 1;
    if (type === 'boolean') return true;
    if (s.format === 'uuid') return idFor(name, victim);
    if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
    if (s.format === 'email' || /email/i.test(name)) return victim.member.email;
    return 'x';
  }

  function bodyFor(schema: Schema | undefined, victim: Tenant, depth = 0): Record<string, unknown> {
    const s = resolve(schema);
    const body: Record<string, unknown> = {};
    if (!s?.properties) return body;
    for (const prop of (s.required as string[] | undefined) ?? []) body[prop] = valueFor(prop, s.properties[prop], victim, depth);
    return body;
  }

  function requestFor(op: Operation, orgId: string, victim: Tenant): { url: string; body: unknown } {
    const params = [...((doc.paths[op.path] as any).parameters ?? []), ...(op.operation.parameters ?? [])].map((p: any) =>
      p.$ref ? (doc.components?.parameters as any)?.[String(p.$ref).split('/').pop()!] : p,
    );
    let path = op.path.replace('{orgId}', orgId);
    path = path.replace(/\{([^}]+)\}/g, (_m, name: string) => idFor(name, victim));
    const query = new URLSearchParams();
    for (const p of params) {
      if (p?.in !== 'query') continue;
      if (p.name === 'cursor') query.set('cursor', aCursor);
      else {
        const v = valueFor(p.name, p.schema, victim);
        query.set(p.name, Array.isArray(v) ? String(v[0]) : String(v));
      }
    }
    const qs = query.toString();
    const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
    const body = op.operation.requestBody ? bodyFor(bodySchema, victim) : undefined;
    return { url: qs ? `${path}?${qs}` : path, body };
  }

  async function walk(callers: [string, Credentials][], orgIdOf: () => string): Promise<string[]> {
    const failures: string[] = [];
    for (const op of ops) {
      for (const [who, as] of callers) {
        const { url, body } = requestFor(op, orgIdOf(), a);
        const res = await t.request(op.method, url, as, body);
        const type = String(res.headers['content-type'] ?? '');
        let code: unknown;
        try {
          code = res.json().code;
        } catch {
          code = undefined;
        }
        if (res.statusCode !== 404 || !type.startsWith('application/problem+json') || code !== 'organization.not_found') {
          failures.push(`${who} ${op.method} ${url} -> ${res.statusCode} ${type} ${res.body.slice(0, 200)}`);
        }
      }
    }
    return failures;
  }

  it('finds at least 20 operations under /v1/organizations/{orgId}', () => {
    console.log(`tenant isolation: walking ${ops.length} operations under ${PREFIX}`);
    expect(ops.length).toBeGreaterThanOrEqual(20);
    // The walk really reaches A's data: A's owner can read A's workspace with the same filler.
    expect(ops.some((o) => o.path.includes('{workspaceId}'))).toBe(true);
  });

  it('sanity: the filled-in requests address real resources of A when A calls them', async () => {
    const op = ops.find((o) => o.method === 'GET' && o.path === `${PREFIX}/workspaces/{workspaceId}`)!;
    const { url } = requestFor(op, a.orgId, a);
    expect((await t.request('GET', url, { apiKey: a.apiKey })).statusCode).toBe(200);
  });

  it("answers 404 organization.not_found to B's owner and B's API key on A's organization, changing no row", async () => {
    const before = await snapshot();
    const failures = await walk(
      [
        ['B owner', { token: b.owner.token }],
        ['B key', { apiKey: b.apiKey }],
        ['B member', { token: b.member.token }],
      ],
      () => a.orgId,
    );
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 to A's owner and A's key on an organization that does not exist, changing no row", async () => {
    const before = await snapshot();
    const failures = await walk(
      [
        ['A owner', { token: a.owner.token }],
        ['A key', { apiKey: a.apiKey }],
      ],
      () => randomUUID(),
    );
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
