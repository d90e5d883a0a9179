import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../../src/create-app';
import { startTestApp, type TestApp } from '../support/test-app';

type Json = Record<string, any>;

/**
 * Every operation of openapi.json, called with parameters and bodies drawn from its own schemas
 * and then mutated: wrong types, boundaries, NUL and control characters, huge and deeply nested
 * values, unicode, unknown fields, bodies that are not JSON. No answer may be a 5xx, and every
 * answer must be one the document declares (the test app validates each against openapi.json).
 * Seeded, and bounded so that it runs in CI; FUZZ_RUNS and FUZZ_SEED change both.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Operations that would end the fuzzing itself (the organization, the key it calls with). */
const SPARED = new Set(['delete /v1/organizations/{orgId}', 'delete /v1/organizations/{orgId}/api-keys/{keyId}']);

const hostileString = fc.oneof(
  fc.constant('a\u0000b'),
  fc.constant('\u0000'),
  fc.constant('x'.repeat(70_000)),
  fc.constant("'; drop table organizations; --"),
  fc.constant('../../etc/passwd'),
  fc.constant('%00%ff%fe'),
  fc.constant('\u202e\ud83d\ude00\u0301\ufeff'),
  fc.constant('\ud800'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant(''),
  fc.constant(' '),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constant(null),
  fc.constant(true),
  fc.constant(-1),
  fc.constant(0),
  fc.constant(1e308),
  fc.constant(-(2 ** 53) - 2),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(JSON.parse(`${'['.repeat(20)}${']'.repeat(20)}`) as unknown),
  fc.constant({ __proto__: { polluted: true } }),
  fc.array(fc.string(), { maxLength: 200 }),
);

describe('openapi.json fuzzing: every operation, mutated input, no server error', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    // Nothing reaches the real Twilio: its REST origin is a closed local port.
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: 'http://127.0.0.1:9', RATE_LIMIT_PER_MINUTE: '0' } });
    doc = buildOpenApi(t.app);
    const { orgId, apiKey, owner } = await t.organization('Fuzz Co');
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'Fuzzed' });
    ids.orgId = [orgId];
    ids.workspaceId = [ws.json().id];
    ids.userId = [owner.id];
    credentials.apiKey = apiKey;
    credentials.token = owner.token;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const credentials = { apiKey: '', token: '' };

  const operations = (): [string, string, Json][] => {
    const list: [string, string, Json][] = [];
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = (item as Json)[method] as Json | undefined;
        if (op && !SPARED.has(`${method} ${route}`)) list.push([method, route, op]);
      }
    }
    return list;
  };

  it('answers every mutated request with a declared 2xx or 4xx', async () => {
    const serverErrors: string[] = [];
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const [method, route, op] of operations()) {
      const request = requestArbitrary(doc, route, op, ids);
      await fc
        .assert(
          fc.asyncProperty(request, fc.boolean(), async (req, asUser) => {
            requests += 1;
            const res = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url: req.url,
              headers: {
                ...(asUser ? { authorization: `Bearer ${credentials.token}` } : { 'x-api-key': credentials.apiKey }),
                ...(req.payload !== undefined ? { 'content-type': req.contentType } : {}),
              },
              ...(req.payload !== undefined ? { payload: req.payload } : {}),
            });
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            if (res.statusCode >= 500)
              serverErrors.push(
                `${method.toUpperCase()} ${req.url.slice(0, 200)} ${String(req.payload).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
            return res.statusCode < 500;
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    console.log(
      `openapi fuzzing: ${operations().length} operations, ${requests} requests, ${serverErrors.length} server errors (seed ${SEED}); statuses ${[
        ...statuses.entries(),
      ]
        .sort(([a], [b]) => a - b)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}`,
    );
    expect(serverErrors).toEqual([]);
    // The generator reaches past validation: some mutated requests succeed.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect(requests).toBeGreaterThanOrEqual(operations().length * Math.min(RUNS_PER_OPERATION, 1));
  }, 600_000);
});

interface FuzzRequest {
  url: string;
  payload?: string;
  contentType: string;
}

function requestArbitrary(doc: OpenAPIObject, route: string, op: Json, ids: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const params = (op.parameters ?? []) as Json[];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const pathArb = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name as string,
        p.name === 'orgId'
          ? fc.oneof(
              { weight: 9, arbitrary: fc.constantFrom(...ids.orgId!) },
              { weight: 1, arbitrary: fc.oneof(fc.uuid(), hostileString.map(String)) },
            )
          : fc.oneof(
              ...(ids[p.name as string] ? [fc.constantFrom(...ids[p.name as string]!)] : []),
              fc.uuid(),
              fc.constant('not-a-uuid'),
              hostileString.map(String),
            ),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
  const queryArb = fc.record(
    Object.fromEntries(
      queryParams.map((p) => [
        p.name as string,
        fc.oneof(valueFor(doc, p.schema ?? {}, 0).map(asQueryValue), hostileString, fc.constant(undefined)),
      ]),
    ),
    { requiredKeys: [] },
  );
  const json = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
  const bodyArb: fc.Arbitrary<{ payload?: string; contentType: string }> = json
    ? fc.oneof(
        { weight: 6, arbitrary: mutatedBody(doc, json).map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json' })) },
        { weight: 1, arbitrary: hostileValue.map((b) => ({ payload: JSON.stringify(b) ?? 'null', contentType: 'application/json' })) },
        { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => ({ payload: s, contentType: 'application/json' })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.string({ maxLength: 60 }),
              fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'),
            )
            .map(([payload, contentType]) => ({ payload, contentType })),
        },
      )
    : fc.constant({ contentType: 'application/json' });
  return fc.tuple(pathArb, queryArb, bodyArb).map(([path, query, body]) => {
    const url =
      route.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? '')) +
      (Object.keys(query).length
        ? `?${Object.entries(query)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
            .join('&')}`
        : '');
    return { url, ...body };
  });
}

function asQueryValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function mutatedBody(doc: OpenAPIObject, schema: Json): fc.Arbitrary<unknown> {
  const resolved = resolve(doc, schema);
  if (!resolved.properties) return valueFor(doc, resolved, 0);
  const entries = Object.entries(resolved.properties as Record<string, Json>).map(([name, s]) => [
    name,
    fc.oneof({ weight: 3, arbitrary: valueFor(doc, s, 1) }, { weight: 1, arbitrary: hostileValue }),
  ]);
  return fc
    .tuple(
      fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] }),
      fc.option(fc.tuple(fc.string({ maxLength: 10 }), hostileValue)),
    )
    .map(([body, extra]) => (extra ? { ...body, [extra[0]]: extra[1] } : body));
}

function resolve(doc: OpenAPIObject, schema: Json): Json {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return resolve(doc, (doc.components?.schemas as Json)[name] as Json);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
}

/** A value valid for the schema, more or less: the generator aims at the edges of what is allowed. */
function valueFor(doc: OpenAPIObject, raw: Json, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (depth > 4) return fc.constant(null);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...schema.anyOf.map((s: Json) => valueFor(doc, s, depth + 1)));
  if (Array.isArray(schema.oneOf)) return fc.oneof(...schema.oneOf.map((s: Json) => valueFor(doc, s, depth + 1)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc.oneof(fc.string({ maxLength: schema.maxLength ?? 40 }), fc.constant('x'.repeat((schema.maxLength ?? 200) + 1)));
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }),
        fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 0, (schema.maximum ?? 0) + 1, (schema.minimum ?? 0) - 1),
      );
    case 'number':
      return fc.oneof(
        fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }),
        fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 0),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(doc, schema.items ?? {}, depth + 1), { maxLength: 4 });
    case 'object':
      if (schema.properties) {
        return fc.record(
          Object.fromEntries(
            Object.entries(schema.properties as Record<string, Json>).map(([k, s]) => [k, valueFor(doc, s, depth + 1)]),
          ) as Record<string, fc.Arbitrary<unknown>>,
          { requiredKeys: [] },
        );
      }
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 4 });
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  }
}
