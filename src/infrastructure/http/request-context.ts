import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { SYSTEM_ACTOR, type Actor, type Origin as AuditOrigin } from '@domain/shared/actor';
import { ExecutionOrigin } from '@domain/shared/ports/execution-origin.port';

const ORIGIN = 'origin';

/**
 * Who is calling and from where, for the life of one request or job (async-local).
 * The event publisher stamps it on every audit row.
 */
@Injectable()
export class RequestContext extends ExecutionOrigin {
  constructor(private readonly cls: ClsService) {
    super();
  }

  current(): AuditOrigin {
    const origin = this.cls.isActive() ? (this.cls.get(ORIGIN) as AuditOrigin | undefined) : undefined;
    return origin ?? { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: this.requestId() };
  }

  requestId(): string | null {
    return this.cls.isActive() ? (this.cls.getId() ?? null) : null;
  }

  setActor(actor: Actor, request: { ip?: string; headers: Record<string, string | string[] | undefined> }): void {
    const ua = request.headers['user-agent'];
    this.cls.set(ORIGIN, {
      actor,
      ip: request.ip ?? null,
      userAgent: (Array.isArray(ua) ? ua[0] : ua)?.slice(0, 512) ?? null,
      requestId: this.requestId(),
    } satisfies AuditOrigin);
  }

  /** Runs `work` as `actor` in a fresh context (jobs, CLI). */
  runAs<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    return this.cls.run(async () => {
      this.cls.set(ORIGIN, { actor, ip: null, userAgent: null, requestId: null } satisfies AuditOrigin);
      return work();
    });
  }
}
