import { ProblemException } from '@infrastructure/http/problem';
import type { WebhookRequest } from '../webhooks/twilio-webhook.authenticator';

/**
 * Reads a Twilio webhook's form, the same way for every webhook. Twilio signs every parameter
 * it sends, each value of a repeated one included: a repeated or non-string parameter, which we
 * would cut or drop, was not what the signature covered, so such a request counts as unsigned.
 */
export function readTwilioWebhook(publicUrl: string, body: unknown, signature: string | undefined): WebhookRequest {
  const params: Record<string, string> = {};
  let complete = true;
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') params[k] = v;
      else {
        complete = false;
        if (Array.isArray(v) && typeof v[0] === 'string') params[k] = v[0];
      }
    }
  }
  return { url: publicUrl, params, signature: complete ? signature : undefined };
}

const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const SID_PARAMETERS = ['AccountSid', 'CallSid', 'ParentCallSid', 'RecordingSid', 'ApplicationSid', 'ConferenceSid'] as const;
/** A party: E.164 (Twilio's anonymous callers arrive as +266696687 and the like), a client identity, a SIP URI, or a withheld-number word. */
const PARTY =
  /^(\+[0-9]{1,15}|[0-9]{1,15}|client:[A-Za-z0-9_.@:-]{1,121}|sips?:[^\s<>"]{1,240}|anonymous|restricted|unknown|unavailable|private)?$/i;
const PARTY_PARAMETERS = ['From', 'To', 'Caller', 'Called', 'CallerId', 'ForwardedFrom'] as const;
const MAX_VALUE_LENGTH = 2048;

/**
 * Parameters whose shape is not what Twilio sends: its SIDs are two letters and 32 hex digits,
 * parties are numbers, client identities or SIP URIs. Such values are refused, never stored.
 */
export function malformedTwilioParameters(params: Record<string, string>): string[] {
  const bad: string[] = [];
  for (const name of SID_PARAMETERS) if (params[name] !== undefined && !SID.test(params[name])) bad.push(name);
  for (const name of PARTY_PARAMETERS) if (params[name] !== undefined && !PARTY.test(params[name])) bad.push(name);
  for (const [name, value] of Object.entries(params)) if (value.length > MAX_VALUE_LENGTH && !bad.includes(name)) bad.push(name);
  return bad;
}

/** A webhook whose parameters are not shaped as Twilio's is refused (400) before anything is looked up or stored. */
export function assertWellFormed(request: WebhookRequest): void {
  const bad = malformedTwilioParameters(request.params);
  if (bad.length > 0) {
    throw new ProblemException(400, 'webhook.invalid_parameter', `Not a Twilio parameter shape: ${bad.join(', ')}`, {
      errors: bad.map((path) => ({ path, message: 'not in the shape Twilio sends' })),
    });
  }
}
