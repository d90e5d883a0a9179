import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from './validation';
import { AppConfig } from '../config/app-config';
import { ProblemException } from './problem';

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25, description: 'Page size' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOmittable()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class PageMetaDto {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

/** The fields of `T` that hold a string. */
type StringKeyOf<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Opaque, tamper-proof cursors, bound to the organization and to the query's filters: a
 * cursor from another organization or another filter is refused with 400.
 */
@Injectable()
export class CursorCodec {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.encryptionKey, 'switchboard', 'pagination-cursor', 32));
  }

  encode(scope: string, filters: object, position: string): string {
    const body = Buffer.from(JSON.stringify({ p: position, f: fingerprint(scope, filters) })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The position the cursor points after, or null when there is no cursor. */
  decode(cursor: string | undefined, scope: string, filters: object): string | null {
    if (cursor === undefined || cursor === '') return null;
    const [body, signature] = cursor.split('.');
    const invalid = () => new ProblemException(400, 'pagination.invalid_cursor', 'The cursor is not valid for this query');
    if (!body || !signature) throw invalid();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let parsed: { p?: unknown; f?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (parsed.f !== fingerprint(scope, filters) || typeof parsed.p !== 'string') throw invalid();
    return parsed.p;
  }

  /**
   * One page of a list: decodes `page.cursor`, has `fetch` read `limit + 1` rows after that
   * position and builds the page from them.
   */
  async paginate<T>(
    page: PageQueryDto,
    scope: string,
    fetch: (window: { after: string | null; limit: number }) => Promise<T[]>,
    positionOf: (row: T) => string,
    filters: object = {},
  ): Promise<Page<T>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = this.decode(page.cursor, scope, filters);
    return this.page(await fetch({ after, limit: limit + 1 }), limit, scope, filters, positionOf);
  }

  /**
   * `paginate` for a list without filters whose rows are ordered by one of their fields (`key`,
   * e.g. `'id'`), with `fetch` last so that a list route reads as one call.
   */
  list<T>(
    page: PageQueryDto,
    scope: string,
    key: StringKeyOf<T>,
    fetch: (window: { after: string | null; limit: number }) => Promise<T[]>,
  ): Promise<Page<T>> {
    return this.paginate(page, scope, fetch, (row) => row[key] as string);
  }

  /** Builds a page from `limit + 1` rows. */
  page<T>(rows: T[], limit: number, scope: string, filters: object, positionOf: (row: T) => string): Page<T> {
    const hasMore = rows.length > limit;
    const data = hasMore ? rows.slice(0, limit) : rows;
    return { data, nextCursor: hasMore ? this.encode(scope, filters, positionOf(data[data.length - 1]!)) : null };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}

function fingerprint(scope: string, filters: object): string {
  const sorted = Object.keys(filters)
    .sort()
    .map((k) => [
      k,
      (filters as Record<string, unknown>)[k] instanceof Date
        ? (filters as Record<string, Date>)[k]!.toISOString()
        : (filters as Record<string, unknown>)[k],
    ]);
  return createHash('sha256').update(scope).update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

export const DEFAULT_PAGE_SIZE = 25;
