import { Injectable, Logger } from '@nestjs/common';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { Clock } from '@domain/shared/clock';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../http/problem';
import { DEFAULT_JWKS_OPTIONS, JwksKeySource, JwksUnavailableError } from './jwks-key-source';

export interface VerifiedUser {
  userId: string;
  email: string | null;
  /** The token says the identity provider verified the address (top-level `email_verified: true`). */
  emailVerified: boolean;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

const SUB_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far our clock and the issuer's may disagree: `exp`, `nbf` and `iat` are checked with this much slack. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Supabase access tokens of signed-in users: HS256 with the project's secret, or ES256/RS256
 * through its JWKS (see {@link JwksKeySource}: cached, refreshed, backed off, 503 when it
 * cannot answer). `alg: none` and any other algorithm are refused, and so are the project's
 * own API keys (`role` anon or service_role), tokens issued in the future, and anonymous
 * sign-ins unless ALLOW_ANONYMOUS_USERS.
 */
@Injectable()
export class SupabaseJwtVerifier {
  private readonly logger = new Logger('Auth');
  private readonly secret: Uint8Array | null;
  private readonly jwks: JwksKeySource | null;

  constructor(
    private readonly config: AppConfig,
    clock: Clock,
  ) {
    this.secret = config.jwt.secret ? new TextEncoder().encode(config.jwt.secret) : null;
    const jwksUrl = config.jwt.jwksUrl;
    this.jwks = jwksUrl
      ? new JwksKeySource(new URL(jwksUrl), {
          ...DEFAULT_JWKS_OPTIONS,
          now: () => clock.now().getTime(),
          onFetchFailed: ({ error, failures, retryInMs, haveKeys }) =>
            this.logger.warn(
              { err: error, jwksUrl, failures, retryInSeconds: Math.ceil(retryInMs / 1000), cachedKeys: haveKeys },
              haveKeys
                ? 'JWKS fetch failed: keeping the cached keys, backing off'
                : 'JWKS fetch failed: bearer tokens cannot be verified, backing off',
            ),
        })
      : null;
  }

  async verify(token: string): Promise<VerifiedUser> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid('The bearer token is malformed');
    }
    const options = {
      audience: this.config.jwt.audience,
      ...(this.config.jwt.issuer ? { issuer: this.config.jwt.issuer } : {}),
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: CLOCK_SKEW_SECONDS,
    };
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else if ((alg === 'ES256' || alg === 'RS256') && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks.getKey, { ...options, algorithms: ['ES256', 'RS256'] }));
      } else {
        throw invalid('The bearer token is not signed with an accepted algorithm');
      }
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      if (error instanceof JwksUnavailableError) {
        throw new ProblemException(503, 'auth.jwks_unavailable', 'The keys that sign bearer tokens could not be fetched; retry later', {
          headers: { 'retry-after': String(error.retryAfterSeconds) },
        });
      }
      if (error instanceof errors.JWTExpired) throw new ProblemException(401, 'auth.token_expired', 'The bearer token has expired');
      throw invalid('The bearer token could not be verified');
    }
    // jose checks `iat` only against a maximum age: a token "issued" in the future is refused here.
    if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS)
      throw invalid('The bearer token was issued in the future');
    // The project's anon and service_role keys are signed the same way: they are not users.
    if (payload.role !== 'authenticated') throw invalid("The bearer token is not a signed-in user's (role must be authenticated)");
    if (payload.is_anonymous === true && !this.config.jwt.allowAnonymous) throw invalid('Anonymous sign-ins are not accepted');
    if (typeof payload.sub !== 'string' || !SUB_PATTERN.test(payload.sub)) throw invalid('The bearer token has no valid subject');
    const meta = (payload.user_metadata ?? {}) as Record<string, unknown>;
    const text = (v: unknown, max = 320) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);
    const email = text(payload.email)?.toLowerCase() ?? null;
    return {
      userId: payload.sub.toLowerCase(),
      email,
      // Only the top-level claim: user_metadata is editable by the user.
      emailVerified: email !== null && payload.email_verified === true,
      fullName: text(meta.full_name ?? meta.name, 200),
      avatarUrl: text(meta.avatar_url, 2000),
      phone: text(payload.phone, 32),
    };
  }
}

function invalid(detail: string): ProblemException {
  return new ProblemException(401, 'auth.invalid_token', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
}
