import { DomainEvent } from '../../shared/domain-event';

export interface WebhookEndpointPayload {
  url: string;
  eventTypes: string[];
  enabled: boolean;
}

export class WebhookEndpointCreated extends DomainEvent<WebhookEndpointPayload> {
  static readonly type = 'webhook_endpoint.created';
}
export class WebhookEndpointUpdated extends DomainEvent<WebhookEndpointPayload> {
  static readonly type = 'webhook_endpoint.updated';
}
/** A new signing secret; the previous one still signs deliveries until `previousSecretExpiresAt`. */
export class WebhookEndpointSecretRotated extends DomainEvent<{ previousSecretExpiresAt: string }> {
  static readonly type = 'webhook_endpoint.secret_rotated';
}
export class WebhookEndpointDeleted extends DomainEvent<{ url: string }> {
  static readonly type = 'webhook_endpoint.deleted';
}
/** Deliveries kept failing past the last retry: the endpoint stops receiving until it is enabled again. */
export class WebhookEndpointDisabled extends DomainEvent<WebhookEndpointPayload & { reason: string; deliveryId: string }> {
  static readonly type = 'webhook_endpoint.disabled';
}
