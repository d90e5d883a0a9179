import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '@domain/shared/domain-error';
import { isDatabaseUnavailable } from '../persistence/database';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemException, titleFor, type ProblemBody } from './problem';

const KIND_STATUS: Record<DomainErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 422,
  unprocessable: 422,
  forbidden: 403,
  upstream: 502,
  unsupported_media: 415,
  too_large: 413,
};

/** Postgres errors a client can provoke, and what they mean to the client. */
const PG_ERRORS: Record<string, [number, string, string]> = {
  '23505': [409, 'resource.conflict', 'The resource conflicts with one that already exists'],
  '23503': [409, 'resource.reference_missing', 'The resource refers to something that does not exist'],
  '22P02': [400, 'request.invalid_value', 'A value has the wrong format'],
  '22001': [400, 'request.value_too_long', 'A value is too long'],
  '22003': [400, 'request.value_out_of_range', 'A number is out of range'],
  '22007': [400, 'request.invalid_value', 'A date has the wrong format'],
  '22008': [400, 'request.invalid_value', 'A date is out of range'],
  '22021': [400, 'request.invalid_character', 'A value contains a character that cannot be stored'],
  '22P05': [400, 'request.invalid_character', 'A value contains a character that cannot be stored'],
  '54001': [400, 'request.too_deep', 'A value is nested too deeply'],
};

const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.malformed_body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request.malformed_body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request.malformed_body'],
  FST_ERR_BAD_URL: [400, 'request.bad_url'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'request.bad_url'],
  FST_ERR_VALIDATION: [400, 'validation.failed'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'request.unsupported_media_type'],
  FST_REQ_FILE_TOO_LARGE: [413, 'request.too_large'],
  FST_PARTS_LIMIT: [413, 'request.too_large'],
  FST_FILES_LIMIT: [413, 'request.too_large'],
  FST_FIELDS_LIMIT: [413, 'request.too_large'],
};

const HTTP_CODES: Record<number, string> = {
  404: 'route.not_found',
  405: 'route.method_not_allowed',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
};

const logger = new Logger('Errors');

/** Turns any error into a problem body. Unknown errors become a bare 500, logged, never shown. */
export function toProblem(error: unknown, instance: string, requestId?: string): { body: ProblemBody; headers: Record<string, string> } {
  let status = 500;
  let code = 'internal';
  let detail = 'An unexpected error occurred';
  let extras: Record<string, unknown> = {};
  let headers: Record<string, string> = {};

  if (error instanceof ProblemException) {
    status = error.getStatus();
    code = error.code;
    detail = error.message;
    const { headers: h, ...rest } = error.extras;
    extras = rest;
    headers = h ?? {};
  } else if (error instanceof DomainError) {
    status = KIND_STATUS[error.kind];
    code = error.code;
    detail = error.message;
    if (error.details) extras = { details: error.details };
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    // Nest turns Fastify's parser errors into plain HttpExceptions: give them their stable codes back.
    code = HTTP_CODES[status] ?? `http.${status}`;
    detail = status === 404 ? 'No such route' : typeof error.getResponse() === 'string' ? (error.getResponse() as string) : error.message;
    if (status === 400 && /json/i.test(error.message)) code = 'request.malformed_body';
  } else if (isFastifyError(error)) {
    const known = FASTIFY_ERRORS[error.code];
    if (known) {
      [status, code] = known;
      detail = error.message;
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = `http.${status}`;
      detail = error.message;
    }
  } else if (error instanceof SyntaxError && 'statusCode' in error) {
    status = 400;
    code = 'request.malformed_body';
    detail = 'The body is not valid JSON';
  } else if (isDatabaseUnavailable(error)) {
    [status, code, detail] = [503, 'database.unavailable', 'The database cannot be reached; try again shortly'];
    headers = { 'retry-after': '5' };
  } else if (isPgError(error) && error.code === '57014') {
    [status, code, detail] = [503, 'database.timeout', 'The database took too long to answer; try again shortly'];
    headers = { 'retry-after': '5' };
  } else if (isPgError(error) && PG_ERRORS[error.code]) {
    [status, code, detail] = PG_ERRORS[error.code]!;
  }

  if (status >= 500) logger.error({ err: error, requestId }, 'unhandled error');
  return {
    body: {
      type: status >= 500 ? 'about:blank' : `${PROBLEM_TYPE_BASE}${code}`,
      title: titleFor(status),
      status,
      detail,
      instance,
      code,
      ...(requestId ? { requestId } : {}),
      ...extras,
    },
    headers,
  };
}

function isFastifyError(e: unknown): e is { code: string; statusCode?: number; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    ((e as { code: string }).code.startsWith('FST_') || 'statusCode' in e)
  );
}

function isPgError(e: unknown): e is { code: string } {
  const code = (e as { code?: unknown; cause?: { code?: unknown } } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Unwraps Drizzle's query error, which keeps the driver's error as `cause`. */
function unwrap(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause && (isPgError(cause) || isDatabaseUnavailable(cause)) && !isPgError(error)) return cause;
  return error;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): void {
  const { body, headers } = toProblem(unwrap(error), request.url.split('?')[0] ?? request.url, String(request.id));
  void reply.status(body.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), exception);
  }
}
