/** Checks `X-Twilio-Signature` over the public URL and the form parameters. */
export abstract class WebhookSignatureVerifier {
  abstract isValid(authToken: string, signature: string, url: string, params: Record<string, string>): boolean;
}

/** What to tell Twilio to do with a call; rendered as TwiML by an adapter. */
export type CallPlan =
  | {
      kind: 'ring_agents';
      identities: string[];
      /** Ring one at a time, moving on through `nextUrl`; or all at once. */
      sequential: boolean;
      nextUrl: string | null;
      callerId: string | null;
      timeoutSeconds: number;
      recordingStatusCallbackUrl: string;
      legStatusCallbackUrl: string;
    }
  | { kind: 'voicemail'; message: string; recordingStatusCallbackUrl: string; maxLengthSeconds: number }
  | {
      kind: 'dial_number';
      number: string;
      callerId: string;
      timeoutSeconds: number;
      recordingStatusCallbackUrl: string;
      legStatusCallbackUrl: string;
    }
  | { kind: 'refuse'; message: string }
  | { kind: 'hang_up' };

export abstract class CallInstructionsRenderer {
  abstract render(plan: CallPlan): string;
}

export interface SoftphoneGrant {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  twimlAppSid: string;
  identity: string;
  ttlSeconds: number;
}

/** Twilio Voice access tokens for the browser softphone. */
export abstract class SoftphoneTokenIssuer {
  abstract issue(grant: SoftphoneGrant): { token: string; expiresAt: Date };
}
