import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { WebhookSignatureVerifier } from '@domain/telephony/ports/twilio-webhooks.port';

/**
 * Checks `X-Twilio-Signature` (HMAC-SHA1 of the public URL and the sorted form parameters,
 * keyed with the account's auth token). The library tries the URL with and without its port
 * and in its normalised spelling. Never throws: a malformed URL or an empty signature or
 * token is simply not a valid signature.
 */
@Injectable()
export class TwilioSignatureVerifier extends WebhookSignatureVerifier {
  isValid(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
    if (!authToken || !signature || !url) return false;
    try {
      return twilio.validateRequest(authToken, signature, url, params ?? {});
    } catch {
      return false;
    }
  }
}
