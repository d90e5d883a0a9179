import { randomBytes } from 'node:crypto';

/** A signing secret as Standard Webhooks writes them: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Where an endpoint's secret is sealed: opened under any other context, it does not decrypt. */
export const webhookSecretContext = (endpointId: string) => `webhook_endpoint:${endpointId}:secret`;
