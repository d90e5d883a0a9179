import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  url: string;
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

interface Route {
  template: string;
  pattern: RegExp;
  specificity: number;
}

/**
 * Checks answers against openapi.json as a strict client would: the status is declared for the
 * operation, the media type too, and the body is valid against its schema with no field the
 * schema does not name. Every e2e suite's traffic goes through it (see test-app.ts), so the
 * document cannot drift from what the service really sends.
 */
export class OpenApiResponseValidator {
  readonly failures: string[] = [];
  validated = 0;
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(closeObjects(document) as Json, 'openapi.json');
    this.routes = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        specificity: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.specificity - b.specificity);
  }

  check(response: ObservedResponse): void {
    const method = response.method.toLowerCase();
    if (method === 'options' || method === 'head') return;
    const path = response.url.split('?')[0]!.replace(/\/+$/, '') || '/';
    const route = this.routes.find((r) => r.pattern.test(path) && (this.document.paths[r.template] as Json)[method]);
    const where = `${response.method} ${path} → ${response.statusCode}`;
    if (!route) {
      // Routes outside the contract: Twilio's webhooks, the local object store, unknown paths.
      return;
    }
    this.validated += 1;
    const operation = (this.document.paths[route.template] as Record<string, { responses: Record<string, Json> }>)[method]!;
    const declared = operation.responses[String(response.statusCode)] ?? operation.responses.default;
    if (!declared) {
      this.failures.push(`${where}: status not declared (body: ${response.body.slice(0, 200)})`);
      return;
    }
    const content = (declared.content ?? {}) as Record<string, Json>;
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (response.body.length === 0) {
      if (Object.keys(content).length > 0 && response.statusCode !== 204)
        this.failures.push(`${where}: empty body where ${Object.keys(content).join(', ')} is declared`);
      return;
    }
    if (!content[mediaType]) {
      this.failures.push(`${where}: media type "${mediaType}" not declared (declared: ${Object.keys(content).join(', ') || 'no body'})`);
      return;
    }
    for (const header of Object.keys((declared.headers ?? {}) as Json)) {
      if (header.toLowerCase() === 'retry-after' && response.headers['retry-after'] === undefined)
        this.failures.push(`${where}: Retry-After missing`);
    }
    // NDJSON is a stream of JSON documents, not one: its schema describes it as text.
    if (!mediaType.endsWith('json') || mediaType.endsWith('ndjson')) return;
    const pointer = `openapi.json#/paths/${escape(route.template)}/${method}/responses/${declared === operation.responses.default ? 'default' : response.statusCode}/content/${escape(mediaType)}/schema`;
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.compiled.set(pointer, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      this.failures.push(`${where}: body is not JSON`);
      return;
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map(
          (e) =>
            `${e.instancePath || '/'} ${e.message}${e.params && 'unevaluatedProperty' in e.params ? ` (${String(e.params.unevaluatedProperty)})` : ''}`,
        );
      this.failures.push(`${where}: ${errors.join('; ')} (body: ${response.body.slice(0, 300)})`);
    }
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** Objects that name their properties allow no others, as the clients generated from them assume. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'example' || k === 'examples' ? v : closeObjects(v);
  if (
    out.properties &&
    typeof out.properties === 'object' &&
    out.additionalProperties === undefined &&
    out.unevaluatedProperties === undefined
  ) {
    out.unevaluatedProperties = false;
  }
  return out;
}
