import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';

/** The callback URLs Twilio is given; signatures are checked over the same URLs. */
export function webhookUrls(publicBaseUrl: string) {
  return {
    voice: `${publicBaseUrl}/webhooks/twilio/voice`,
    status: `${publicBaseUrl}/webhooks/twilio/status`,
    recording: `${publicBaseUrl}/webhooks/twilio/recording`,
  };
}

export const VOICEMAIL_MESSAGE = 'Sorry, nobody can take your call right now. Please leave a message after the tone.';
const RING_SECONDS = 20;

/**
 * Rings the available agents: all at once, or one after another (each unanswered <Dial>
 * comes back to the voice webhook with the next attempt). Nobody left: voicemail.
 */
export function planRinging(publicBaseUrl: string, input: { identities: string[]; sequential: boolean; attempt: number }): CallPlan {
  const urls = webhookUrls(publicBaseUrl);
  const remaining = input.sequential ? input.identities.slice(input.attempt) : input.attempt === 0 ? input.identities : [];
  if (remaining.length === 0) {
    return { kind: 'voicemail', message: VOICEMAIL_MESSAGE, recordingStatusCallbackUrl: urls.recording, maxLengthSeconds: 120 };
  }
  return {
    kind: 'ring_agents',
    identities: remaining,
    sequential: input.sequential,
    nextUrl: `${urls.voice}?attempt=${input.attempt + 1}`,
    callerId: null,
    timeoutSeconds: RING_SECONDS,
    recordingStatusCallbackUrl: urls.recording,
    legStatusCallbackUrl: urls.status,
  };
}
