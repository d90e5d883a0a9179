import { applyDecorators, Controller, Delete, Get, HttpCode, Patch, Post, Put, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Permission } from '@domain/tenancy/roles';
import { RequirePermission } from '../auth/auth.decorators';
import { Idempotent } from './idempotency.interceptor';
import { ApiIdempotencyKey, ApiProblems, type ProblemCodes } from './openapi';

/** Applies decorators as if written one above the other: the last one first. */
const stacked = (...decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator>) => applyDecorators(...decorators.reverse());

/** A controller under an organization, callable with a Supabase session or an API key. */
export const OrganizationApi = (tag: string, path: string) =>
  stacked(ApiTags(tag), ApiBearerAuth('supabase'), ApiSecurity('apiKey'), Controller(path));

interface RouteSpec {
  readonly path?: string;
  readonly permission: Permission;
  readonly summary: string;
  readonly description?: string;
  readonly problems?: ProblemCodes;
}

/** GET answering 200 with `ok`. */
export const ReadRoute = ({ path, permission, summary, description, ok, problems }: RouteSpec & { readonly ok: Type }) =>
  stacked(
    Get(path),
    RequirePermission(permission),
    ApiOperation({ summary, description }),
    ApiOkResponse({ type: ok }),
    ApiProblems(problems),
  );

const WRITE_METHODS = { POST: Post, PUT: Put, PATCH: Patch };

/** POST, PUT or PATCH answering 200 with `ok`. */
export const WriteRoute = ({
  method,
  path,
  permission,
  summary,
  description,
  ok,
  problems,
}: RouteSpec & { readonly method: keyof typeof WRITE_METHODS; readonly ok: Type }) =>
  stacked(
    WRITE_METHODS[method](path),
    ...(method === 'POST' ? [HttpCode(200)] : []),
    RequirePermission(permission),
    ApiOperation({ summary, description }),
    ApiOkResponse({ type: ok }),
    ApiProblems(problems),
  );

/** Idempotent POST answering 201 with `created`. */
export const CreateRoute = ({ path, permission, summary, description, created, problems }: RouteSpec & { readonly created: Type }) =>
  stacked(
    Post(path),
    Idempotent(),
    RequirePermission(permission),
    ApiIdempotencyKey(),
    ApiOperation({ summary, description }),
    ApiCreatedResponse({ type: created }),
    ApiProblems(problems),
  );

/** DELETE answering 204. */
export const DeleteRoute = ({ path, permission, summary, description, problems }: RouteSpec) =>
  stacked(
    Delete(path),
    HttpCode(204),
    RequirePermission(permission),
    ApiOperation({ summary, description }),
    ApiNoContentResponse(),
    ApiProblems(problems),
  );
