import { createHash } from 'node:crypto';
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { AppConfig } from '../config/app-config';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { Database } from '../persistence/database';
import { IdempotencyJournal } from './idempotency-journal';
import { idempotencyKeys } from '../persistence/schema';
import { ProblemException } from './problem';

export const IDEMPOTENT_ROUTE = 'switchboard:idempotent';
/** Marks a POST whose `Idempotency-Key` replays the first answer (docs/api.md). */
export const Idempotent = () => SetMetadata(IDEMPOTENT_ROUTE, true);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const inProgress = (retryAfterSeconds: number) =>
  new ProblemException(409, 'idempotency.in_progress', 'A request with this Idempotency-Key is in progress', {
    headers: { 'retry-after': String(Math.max(1, retryAfterSeconds)) },
  });

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly journal: IdempotencyJournal,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    if (!this.reflector.get<boolean>(IDEMPOTENT_ROUTE, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    return this.guarded(context, next, request, Array.isArray(header) ? header[0]! : header);
  }

  private async guarded(context: ExecutionContext, next: CallHandler, request: FastifyRequest & AuthenticatedRequest, key: string) {
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemException(400, 'idempotency.invalid_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const principal = request.principal;
    if (!principal) return next.handle();
    const principalId = principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.keyId}`;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n`)
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const db = this.database.db;
    const where = and(eq(idempotencyKeys.principal, principalId), eq(idempotencyKeys.key, key));
    const now = Date.now();
    const expiredBefore = new Date(now - this.config.idempotencyTtlHours * 3_600_000);
    const lease = () => new Date(Date.now() + this.config.idempotencyLeaseSeconds * 1000);
    await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.createdAt, expiredBefore)));
    const claimed = await db
      .insert(idempotencyKeys)
      .values({
        principal: principalId,
        key,
        organizationId: request.organizationAccess?.organizationId ?? null,
        requestHash,
        lockedUntil: lease(),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    let committed: string[] = [];
    if (claimed.length === 0) {
      const [existing] = await db.select().from(idempotencyKeys).where(where);
      if (!existing) throw inProgress(1);
      if (existing.requestHash !== requestHash) {
        throw new ProblemException(422, 'idempotency.key_reused', 'This Idempotency-Key was used with a different request');
      }
      if (existing.completedAt !== null) {
        void context
          .switchToHttp()
          .getResponse<FastifyReply>()
          .status(existing.statusCode ?? 200)
          .header('idempotent-replayed', 'true');
        return from([this.open(existing.responseBody, principalId, key)]);
      }
      if (existing.lockedUntil && existing.lockedUntil.getTime() > now)
        throw inProgress(Math.ceil((existing.lockedUntil.getTime() - now) / 1000));
      // The attempt that held it is gone (its process died, or it failed after a command had
      // committed): take it over, once, and replay what that attempt committed.
      const [taken] = await db
        .update(idempotencyKeys)
        .set({ lockedUntil: lease() })
        .where(
          and(
            where,
            isNull(idempotencyKeys.completedAt),
            or(isNull(idempotencyKeys.lockedUntil), lte(idempotencyKeys.lockedUntil, sql`now()`)),
          ),
        )
        .returning({ results: idempotencyKeys.results });
      if (!taken) throw inProgress(1);
      committed = (taken.results as string[] | null) ?? [];
    }
    this.journal.begin({ principal: principalId, key, committed });

    const declared =
      (Reflect.getMetadata('__httpCode__', context.getHandler()) as number | undefined) ?? (request.method === 'POST' ? 201 : 200);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        // A handler that chose its own status (202 for an invitation, 200 for a known upload) set it already.
        const status = reply.statusCode !== 200 ? reply.statusCode : declared;
        await db
          .update(idempotencyKeys)
          .set({ statusCode: status, responseBody: this.seal(body, principalId, key), completedAt: new Date(), lockedUntil: null })
          .where(where);
        return body;
      }),
      catchError((error: unknown) =>
        from(
          // A failed attempt that committed nothing frees the key; one that committed a command keeps
          // it, released, so a retry replays that command's result instead of running it again.
          (this.journal.touched()
            ? db.update(idempotencyKeys).set({ lockedUntil: new Date() }).where(where)
            : db.delete(idempotencyKeys).where(where)
          ).catch(() => undefined),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  /** Answers can carry secrets (a new API key is shown once): they are kept sealed, bound to the caller and the key. */
  private seal(body: unknown, principal: string, key: string): { sealed: string } | null {
    return body === undefined || body === null
      ? null
      : { sealed: this.secrets.seal(JSON.stringify(body), storedAnswerContext(principal, key)) };
  }

  private open(stored: unknown, principal: string, key: string): unknown {
    const sealed = (stored as { sealed?: string } | null)?.sealed;
    return sealed ? JSON.parse(this.secrets.open(sealed, storedAnswerContext(principal, key))) : null;
  }
}

/** What a stored answer is sealed to (SecretBox context): its caller and its key. */
export function storedAnswerContext(principal: string, key: string): string {
  return `idempotency:${principal}:${key}`;
}
