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

/** The call's recording as Twilio answered an update of it. */
export interface ProviderRecording {
  sid: string;
  /** Twilio's status: `paused`, `in-progress`, ... */
  status: string;
  /** When the recording started, when Twilio says. */
  startTime: Date | null;
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
  /**
   * Deletes Twilio's record of a call (it leaves the API and the Console's call logs).
   * `already_gone` when Twilio answers 404; Twilio refuses a call still in progress (a
   * TelephonyProviderError with its `providerStatus`/`providerCode`).
   */
  abstract deleteCall(credentials: TwilioCredentials, callSid: string): Promise<'deleted' | 'already_gone'>;
  /**
   * Pauses (with `pauseBehavior`) or resumes (`in-progress`) the live recording of a call
   * (Twilio.CURRENT). Twilio answers 404 when the call has no recording in progress and 21220
   * when the call is not in progress: a TelephonyProviderError with `providerStatus`/`providerCode`.
   */
  abstract updateCurrentRecording(
    credentials: TwilioCredentials,
    callSid: string,
    update: { status: 'paused'; pauseBehavior: 'skip' | 'silence' } | { status: 'in-progress' },
  ): Promise<ProviderRecording>;
}
