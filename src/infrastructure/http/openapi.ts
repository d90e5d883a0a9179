import { applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' }) path!: string;
  @ApiProperty({ example: 'name must be a string' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://switchboard.dev/problems/organization.not_found' }) type!: string;
  @ApiProperty({ example: 'Not Found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ example: 'Organization not found' }) detail!: string;
  @ApiProperty({ example: '/v1/organizations/0190f1f2-0000-7000-8000-000000000000' }) instance!: string;
  @ApiProperty({
    example: 'organization.not_found',
    description: 'Stable machine-readable code; each operation lists the codes it can answer',
  })
  code!: string;
  @ApiProperty({
    example: '5b0b7a8e-5d3c-4c1e-9d0a-2f1d7d3f6b1a',
    description: 'The request id, also in the X-Request-Id header and the logs',
  })
  requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each field that failed validation' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Facts about the refusal, e.g. what an outside service answered',
  })
  details?: Record<string, unknown>;
}

/** Problem codes an operation can answer, by status, beyond those every operation of its kind can. */
export type ProblemCodes = Partial<Record<number, readonly string[]>>;

const PROBLEM_CODES_EXTENSION = 'x-problem-codes';
const USER_ONLY_EXTENSION = 'x-user-only';

/**
 * Documents the problem+json answers peculiar to a route. The answers every route of its kind can
 * give (validation, authentication, the organization, rate limits, body size) are added by
 * {@link completeOpenApi}, so the document lists every code a client can meet, and only those.
 */
export function ApiProblems(codes: ProblemCodes = {}) {
  return applyDecorators(ApiExtraModels(ProblemDto, FieldErrorDto), ApiExtension(PROBLEM_CODES_EXTENSION, codes));
}

/** Marks an operation that only a signed-in person may call: API keys get 403 `auth.user_required`. */
export const ApiUserOnly = () => ApiExtension(USER_ONLY_EXTENSION, true);

export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays the first answer for the same key and body; another body with the same key gives 422',
    schema: { type: 'string', maxLength: 255 },
  });

const TITLES: Record<number, string> = {
  400: 'Malformed request, validation failure or bad id',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Authenticated, but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Unsupported content type',
  416: 'Range not satisfiable',
  422: 'Semantically invalid',
  429: 'Rate limited: wait for Retry-After seconds',
  502: 'An outside service (Twilio, storage) failed',
  503: 'Temporarily unavailable: retry after a while',
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  me: 'The signed-in person: profile and memberships',
  organizations: 'Organizations and their settings',
  members: 'Members of an organization and their roles',
  'api keys': 'Keys for integrations, shown once at creation',
  workspaces: 'Workspaces and their members',
  'twilio account': "Each workspace's own Twilio account (secrets are write-only)",
  'phone numbers': 'Twilio numbers of a workspace and the agents they ring',
  agents: 'Agents of a workspace and their softphone identity',
  calls: 'Calls, click-to-call and softphone tokens',
  recordings: 'Recordings copied from Twilio, playback URLs, legal hold',
  conversations: 'Transcripts and summaries of calls',
  analyses: 'Fraud-risk analyses of calls and uploaded files, and the review queue',
  'scoring and analytics': 'Versioned scoring configurations and daily analytics',
  audit: 'The append-only, hash-chained audit trail',
  health: 'Liveness and readiness',
};

type Json = Record<string, unknown>;
interface Operation extends Json {
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
  tags?: string[];
  [PROBLEM_CODES_EXTENSION]?: ProblemCodes;
  [USER_ONLY_EXTENSION]?: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Turns what Nest's explorer produces into the contract clients build against (OpenAPI 3.1):
 * every path parameter declared, every operation's problem answers with their real codes,
 * security as each route accepts it, nullable fields valid JSON Schema, tags defined once.
 */
export function completeOpenApi(document: OpenAPIObject): OpenAPIObject {
  const doc = structuredClone(document) as unknown as Json & { paths: Record<string, Record<string, Operation>>; components: Json };
  const tags = new Set<string>();
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const tag of op.tags ?? []) tags.add(tag);
      declarePathParameters(route, op);
      describeSecurityAndProblems(route, method, op);
    }
  }
  doc.openapi = '3.1.0';
  doc.servers = [{ url: '/', description: 'This service (set your client’s base URL to where it runs)' }];
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  doc.components = toJsonSchema2020(doc.components) as Json;
  doc.paths = toJsonSchema2020(doc.paths) as typeof doc.paths;
  return doc as unknown as OpenAPIObject;
}

/** Path ids are UUIDs (UuidParamPipe, and the organization guard); each is declared once. */
function declarePathParameters(route: string, op: Operation): void {
  const names = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
  const others = (op.parameters ?? []).filter((p) => p.in !== 'path');
  op.parameters = [
    ...names.map((name) => {
      const given = declared.find((p) => p.name === name);
      return {
        name,
        in: 'path',
        required: true,
        description: (given?.description as string | undefined) ?? PATH_PARAMETER_DESCRIPTIONS[name] ?? `The ${name}`,
        schema: { type: 'string', format: 'uuid' },
      };
    }),
    ...others,
  ];
}

const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  orgId: 'The organization; callers outside it get 404',
  workspaceId: 'A workspace of the organization',
  userId: 'A user (Supabase user id)',
  keyId: 'An API key',
  numberId: 'A phone number of the workspace',
  callId: 'A call',
  recordingId: 'A recording',
  analysisId: 'An analysis',
};

function describeSecurityAndProblems(route: string, method: string, op: Operation): void {
  const isPublic = route.startsWith('/health') || route.startsWith('/webhooks') || route.startsWith('/storage');
  const userOnly = op[USER_ONLY_EXTENSION] === true;
  const underOrganization = route.startsWith('/v1/organizations/{orgId}');
  const hasBody = op.requestBody !== undefined;
  const hasPathIds = (op.parameters ?? []).some((p) => p.in === 'path' && p.name !== 'orgId');
  const hasQuery = (op.parameters ?? []).some((p) => p.in === 'query');
  const paged = (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'cursor');
  const idempotent = (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');

  const codes = new Map<number, Set<string>>();
  const add = (status: number, ...list: string[]) => {
    const set = codes.get(status) ?? new Set<string>();
    for (const c of list) set.add(c);
    codes.set(status, set);
  };
  if (hasBody || hasQuery) add(400, 'validation.failed', 'request.invalid_character');
  if (hasBody) add(400, 'request.malformed_body', 'request.too_deep', 'request.invalid_value', 'request.value_too_long');
  if (hasPathIds) add(400, 'request.invalid_id');
  if (paged) add(400, 'pagination.invalid_cursor');
  if (!route.startsWith('/health')) add(503, 'database.unavailable', 'database.timeout');
  if (!isPublic) {
    add(400, 'auth.ambiguous');
    add(
      401,
      'auth.required',
      'auth.invalid_token',
      'auth.token_expired',
      'auth.invalid_api_key',
      'auth.api_key_revoked',
      'auth.api_key_expired',
    );
    add(429, 'rate_limit.exceeded');
    add(503, 'auth.jwks_unavailable');
  }
  if (idempotent) {
    add(400, 'idempotency.invalid_key');
    add(409, 'idempotency.in_progress');
    add(422, 'idempotency.key_reused');
  }
  if (userOnly) add(403, 'auth.user_required');
  if (underOrganization) {
    add(403, 'auth.forbidden');
    add(404, 'organization.not_found');
    // The auth guard hides what lives in a workspace the caller does not see (auth.guard.ts).
    if (route.includes('{workspaceId}')) add(404, 'workspace.not_found');
    if (route.includes('{callId}')) add(404, 'call.not_found');
    if (route.includes('{recordingId}')) add(404, 'recording.not_found');
  }
  if (hasBody && method !== 'get') {
    add(413, 'request.too_large');
    add(415, 'request.unsupported_media_type');
  }
  for (const [status, list] of Object.entries(op[PROBLEM_CODES_EXTENSION] ?? {})) add(Number(status), ...(list ?? []));
  delete op[PROBLEM_CODES_EXTENSION];
  delete op[USER_ONLY_EXTENSION];

  for (const status of Object.keys(op.responses)) if (Number(status) >= 400 && !codes.has(Number(status))) delete op.responses[status];
  for (const [status, set] of [...codes.entries()].sort(([a], [b]) => a - b)) {
    const list = [...set].sort();
    op.responses[String(status)] = {
      description: `${TITLES[status] ?? 'Error'}: ${list.map((c) => `\`${c}\``).join(', ')}`,
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } } }
        : {}),
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: {
            allOf: [{ $ref: getSchemaPath(ProblemDto) }],
            properties: { status: { const: status }, code: { type: 'string', enum: list } },
          },
        },
      },
    };
  }

  if (isPublic) op.security = [];
  else if (userOnly) op.security = [{ supabase: [] }];
  else op.security = [{ supabase: [] }, { apiKey: [] }];
}

/**
 * OpenAPI 3.0's `nullable` becomes JSON Schema 2020-12 (OpenAPI 3.1): `type: [t, 'null']`, `null`
 * in enums, and `anyOf` with `{ type: 'null' }` beside references.
 */
function toJsonSchema2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema2020);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'example' || k === 'examples' ? v : toJsonSchema2020(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (
      Array.isArray(out.allOf) &&
      out.allOf.length === 1 &&
      Object.keys(out).every((k) => ['allOf', 'type', 'description', 'example'].includes(k))
    ) {
      const { description, example } = out;
      return {
        anyOf: [out.allOf[0], { type: 'null' }],
        ...(description ? { description } : {}),
        ...(example !== undefined ? { example } : {}),
      };
    }
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.oneOf || out.anyOf) return { anyOf: [...((out.oneOf ?? out.anyOf) as unknown[]), { type: 'null' }] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  return out;
}
