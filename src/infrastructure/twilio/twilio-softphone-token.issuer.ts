import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { SoftphoneTokenIssuer, type SoftphoneGrant } from '@domain/telephony/ports/twilio-webhooks.port';

/**
 * Twilio Voice access tokens for the browser softphone (Voice JavaScript SDK): signed with
 * an API key of the workspace's account, allowed to place calls through its TwiML app and
 * to receive calls addressed to `client:<identity>`.
 */
@Injectable()
export class TwilioSoftphoneTokenIssuer extends SoftphoneTokenIssuer {
  issue(grant: SoftphoneGrant): { token: string; expiresAt: Date } {
    const token = new twilio.jwt.AccessToken(grant.accountSid, grant.apiKeySid, grant.apiKeySecret, {
      identity: grant.identity,
      ttl: grant.ttlSeconds,
    });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: grant.twimlAppSid, incomingAllow: true }));
    const jwt = token.toJwt();
    return { token: jwt, expiresAt: new Date(expiryOf(jwt, grant.ttlSeconds) * 1000) };
  }
}

/** The `exp` the library actually signed (it reads the clock itself), in epoch seconds. */
function expiryOf(jwt: string, ttlSeconds: number): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp;
  } catch {
    /* fall through */
  }
  return Math.floor(Date.now() / 1000) + ttlSeconds;
}
