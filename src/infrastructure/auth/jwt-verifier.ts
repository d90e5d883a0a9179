import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../http/problem';

export interface VerifiedUser {
  userId: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

const SUB_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Supabase access tokens: HS256 with the project's secret, or ES256/RS256 through its JWKS
 * (fetched once, cached by kid, refetched on an unknown kid). `alg: none` and any other
 * algorithm are refused.
 */
@Injectable()
export class SupabaseJwtVerifier {
  private readonly secret: Uint8Array | null;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

  constructor(private readonly config: AppConfig) {
    this.secret = config.jwt.secret ? new TextEncoder().encode(config.jwt.secret) : null;
    this.jwks = config.jwt.jwksUrl
      ? createRemoteJWKSet(new URL(config.jwt.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 })
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
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 5,
    };
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else if ((alg === 'ES256' || alg === 'RS256') && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, { ...options, algorithms: ['ES256', 'RS256'] }));
      } else {
        throw invalid('The bearer token is not signed with an accepted algorithm');
      }
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      if (error instanceof errors.JWTExpired) throw new ProblemException(401, 'auth.token_expired', 'The bearer token has expired');
      if (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_TIMEOUT') {
        throw new ProblemException(503, 'auth.jwks_unavailable', 'The token keys could not be fetched');
      }
      throw invalid('The bearer token could not be verified');
    }
    if (typeof payload.sub !== 'string' || !SUB_PATTERN.test(payload.sub)) throw invalid('The bearer token has no valid subject');
    const meta = (payload.user_metadata ?? {}) as Record<string, unknown>;
    const text = (v: unknown, max = 320) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);
    return {
      userId: payload.sub.toLowerCase(),
      email: text(payload.email)?.toLowerCase() ?? null,
      fullName: text(meta.full_name ?? meta.name, 200),
      avatarUrl: text(meta.avatar_url, 2000),
      phone: text(payload.phone, 32),
    };
  }
}

function invalid(detail: string): ProblemException {
  return new ProblemException(401, 'auth.invalid_token', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
}
