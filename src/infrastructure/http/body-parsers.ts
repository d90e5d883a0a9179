import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemException, titleFor } from './problem';

/** Deeper JSON than any of our bodies needs is refused before it reaches a recursive validator. */
export const MAX_JSON_DEPTH = 32;

/**
 * The request body parsers, in one place: JSON and form posts (Twilio's webhooks). Both refuse
 * NUL characters (PostgreSQL cannot store them in text) and JSON refuses absurd nesting, each
 * as a 400 problem instead of a 500 from deeper down.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  // Fastify's own JSON parser (prototype-poisoning checks included) runs after ours.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    try {
      checkJsonText(body as string);
    } catch (error) {
      return done(error as Error, undefined);
    }
    parseJson(request, body as string, done);
  });
  // A repeated key keeps all its values (an array): Twilio's signature covers each of them.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (hasControlCharacter(key) || value.includes('\u0000')) return done(invalidCharacter(key), undefined);
      const seen = form[key];
      form[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    done(null, form);
  });
}

/** One pass over the text: nesting depth outside strings, and NUL written raw or as `\u0000`. */
function checkJsonText(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text.startsWith('u0000', i + 1)) throw invalidCharacter();
        i++;
      } else if (c === 0x22 /* " */) inString = false;
      else if (c === 0) throw invalidCharacter();
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH)
        throw new ProblemException(400, 'request.too_deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(value);
}

const invalidCharacter = (field?: string) =>
  new ProblemException(400, 'request.invalid_character', `${field ? `${field}: ` : ''}text may not contain NUL characters`);

/**
 * Errors Node's HTTP parser raises before any route runs (oversized headers, garbage): answered
 * as problem+json like everything else, then the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request.headers_too_large', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request.timeout', 'The request took too long to arrive']
        : [400, 'request.malformed', 'The request could not be parsed'];
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: titleFor(status),
    status,
    detail,
    instance: '/',
    code,
    requestId,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
