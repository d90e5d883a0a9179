import { Controller, Get, Headers, Optional, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock, SystemClock } from '@domain/shared/clock';
import { ObjectNotFoundError } from '@domain/recording/ports/object-storage.port';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem';
import { LocalDiskObjectStorage } from './local-disk.storage';

/**
 * Serves the signed URLs LocalDiskObjectStorage hands out:
 * `GET /storage/objects/<key>?expires=<unix>&signature=<hmac>`. No credentials: the
 * signature is the authorization. Only meaningful where LocalDiskObjectStorage is the
 * ObjectStorage (no Supabase configured); the module that binds it registers this controller.
 */
@ApiExcludeController()
@Public()
@Controller('storage/objects')
export class LocalObjectController {
  private readonly clock: Clock;

  constructor(
    private readonly storage: LocalDiskObjectStorage,
    @Optional() clock?: Clock,
  ) {
    this.clock = clock ?? new SystemClock();
  }

  // Fastify's router takes only a bare `*` as a catch-all (`*key` is refused); the key is
  // then the decoded rest of the path, in the `*` parameter.
  @Get('*')
  async serve(
    @Param('*') key: string,
    @Query('expires') expires: unknown,
    @Query('signature') signature: unknown,
    @Headers('range') rangeHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const verdict = this.storage.verifySignedUrl(key, expires, signature, this.clock.now());
    if (verdict === 'invalid')
      throw new ProblemException(403, 'storage.invalid_signature', 'The URL signature is missing or does not match');
    if (verdict === 'expired') throw new ProblemException(403, 'storage.url_expired', 'The URL has expired');

    const notFound = () => new ProblemException(404, 'storage.object_not_found', 'No such object');
    const info = await this.storage.info(key);
    if (!info) throw notFound();
    const range = parseRange(rangeHeader, info.size);
    if (range === 'unsatisfiable') {
      throw new ProblemException(416, 'storage.range_not_satisfiable', `The range is outside the object's ${info.size} bytes`, {
        headers: { 'content-range': `bytes */${info.size}` },
      });
    }
    let object;
    try {
      object = await this.storage.get(key, range ?? undefined);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) throw notFound();
      if (error instanceof RangeError) {
        // The object changed size between info and get.
        throw new ProblemException(416, 'storage.range_not_satisfiable', 'The range is outside the object', {
          headers: { 'content-range': `bytes */${info.size}` },
        });
      }
      throw error;
    }
    void reply
      .status(range ? 206 : 200)
      .header('content-type', object.contentType ?? 'application/octet-stream')
      .header('content-length', String(object.size))
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff');
    if (range) void reply.header('content-range', `bytes ${range.start}-${range.start + object.size - 1}/${info.size}`);
    return reply.send(object.body);
  }
}

/**
 * One `bytes=` range (RFC 9110 14.1.2): `a-b`, `a-` or the suffix `-n`. A malformed header,
 * or several ranges, are ignored (the whole object is served), as the RFC allows.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
