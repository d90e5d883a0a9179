import { DomainError, InvalidError, NotFoundError } from '../shared/domain-error';

export const invalidEventTypes = () =>
  new InvalidError('events.invalid_types', 'types must list event types (call.started), families (call.*) or *, separated by commas');
export const webhookEndpointNotFound = () => new NotFoundError('webhook_endpoint.not_found', 'Webhook endpoint not found');
export const webhookDeliveryNotFound = () => new NotFoundError('webhook_delivery.not_found', 'Webhook delivery not found');
export const invalidWebhookUrl = (reason: string) => new InvalidError('webhook_endpoint.invalid_url', reason);
export const webhookEndpointDisabled = () =>
  new DomainError('webhook_endpoint.disabled', 'This endpoint is disabled: enable it first', 'conflict');
export const notificationNotFound = () => new NotFoundError('notification.not_found', 'Notification not found');
