import { Injectable, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ProblemException } from '../http/problem';
import type { AuthenticatedRequest } from './auth.decorators';

/**
 * Rate limits per API key and per user (docs/api.md), after authentication has said who calls.
 * One budget per caller across every route (the key names the caller, not the route), announced
 * with the IETF `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` headers.
 * Public routes (Twilio's webhooks, health, docs) are not limited here.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard implements OnModuleInit {
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.headerPrefix = 'RateLimit';
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as AuthenticatedRequest).principal!;
    return principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.keyId}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new ProblemException(429, 'rate_limit.exceeded', `Too many requests: at most ${detail.limit} a minute`, {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}
