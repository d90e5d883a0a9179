import { webhookEndpointNotFound } from './errors';
import type { WebhookEndpointRepository } from './ports/webhook-repositories.port';
import type { WebhookEndpoint } from './webhook-endpoint.aggregate';

/** The endpoint, or `webhook_endpoint.not_found`. */
export async function existingWebhookEndpoint(
  endpoints: WebhookEndpointRepository,
  organizationId: string,
  endpointId: string,
): Promise<WebhookEndpoint> {
  const endpoint = await endpoints.findById(organizationId, endpointId);
  if (!endpoint) throw webhookEndpointNotFound();
  return endpoint;
}
