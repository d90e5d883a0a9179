import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildOpenApi } from '../../src/create-app';
import { startTestApp, type TestApp } from '../support/test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing an endpoint or DTO)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../openapi.json'), 'utf8');
    expect(`${JSON.stringify(buildOpenApi(t.app), null, 2)}\n`).toBe(committed);
  });

  it('documents both security schemes and a problem answer on every operation', () => {
    const doc = buildOpenApi(t.app);
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['apiKey', 'supabase']);
    for (const [route, item] of Object.entries(doc.paths)) {
      if (route.startsWith('/health')) continue;
      for (const [method, op] of Object.entries(
        item as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>,
      )) {
        const problems = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect({ route, method, documented: problems.length > 0 }).toEqual({ route, method, documented: true });
        for (const [, response] of problems) expect(Object.keys(response.content ?? {})).toContain('application/problem+json');
      }
    }
  });

  it('declares every path parameter, so Swagger UI and generated clients can fill it (orgId included)', () => {
    const doc = buildOpenApi(t.app);
    const missing: string[] = [];
    for (const [route, item] of Object.entries(doc.paths)) {
      const names = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      for (const [method, op] of Object.entries(
        item as Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: { format?: string } }[] }>,
      )) {
        for (const name of names) {
          const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
          if (!p || p.required !== true || p.schema?.format !== 'uuid') missing.push(`${method.toUpperCase()} ${route}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    const underOrganization = Object.entries(doc.paths)
      .filter(([p]) => p.includes('{orgId}'))
      .flatMap(([, item]) => Object.keys(item as object));
    expect(underOrganization.length).toBeGreaterThan(60);
  });
});
