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

/** Loads the endpoint, lets `change` act on it and saves it: the whole of a command that changes one endpoint. */
export async function changeWebhookEndpoint(
  endpoints: WebhookEndpointRepository,
  organizationId: string,
  endpointId: string,
  change: (endpoint: WebhookEndpoint) => void,
): Promise<void> {
  const endpoint = await existingWebhookEndpoint(endpoints, organizationId, endpointId);
  change(endpoint);
  await endpoints.save(endpoint);
}
