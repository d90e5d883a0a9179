import type { CallStatus } from '../call-status';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface OutboundCallRequest {
  /** E.164 number or `client:<identity>`. */
  to: string;
  from: string;
  /** Where Twilio fetches the TwiML once the callee answers. */
  twimlUrl: string;
  statusCallbackUrl: string;
  timeoutSeconds: number;
}

export interface ProviderCall {
  sid: string;
  parentCallSid: string | null;
  status: CallStatus;
  from: string;
  to: string;
  direction: string;
  startTime: Date | null;
  endTime: Date | null;
  durationSeconds: number | null;
}

/**
 * Twilio's REST API, for one workspace's account at a time. Failures are domain errors:
 * TelephonyProviderError (Twilio refused the request: invalid number, no permission) or
 * TelephonyUnavailableError (bad credentials, or Twilio kept failing after retries).
 */
export abstract class TelephonyGateway {
  /** Fetches the account: proves the credentials work. */
  abstract verifyAccount(credentials: TwilioCredentials): Promise<{ friendlyName: string | null; status: string | null }>;
  abstract createCall(credentials: TwilioCredentials, request: OutboundCallRequest): Promise<ProviderCall>;
  abstract fetchCall(credentials: TwilioCredentials, callSid: string): Promise<ProviderCall>;
}
