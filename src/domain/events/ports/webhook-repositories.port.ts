import type { WebhookEndpoint, WebhookEndpointState } from '../webhook-endpoint.aggregate';

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/**
 * A webhook endpoint as the API shows it: never its secret. `previousSecretExpiresAt` says until
 * when the secret a rotation replaced still signs deliveries (null: no overlap).
 */
export type WebhookEndpointView = Omit<WebhookEndpointState, 'organizationId' | 'secretSealed' | 'previousSecretSealed'>;

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  responseTimeMs: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** One event to one endpoint, with the exact body every attempt sends. */
export interface NewWebhookDelivery {
  id: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  createdAt: Date;
}

export interface WebhookAttempt {
  at: Date;
  responseStatus: number | null;
  responseTimeMs: number | null;
  error: string | null;
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
}

export abstract class WebhookEndpointRepository {
  abstract findById(organizationId: string, endpointId: string): Promise<WebhookEndpoint | null>;
  /** The organization's enabled endpoints (for fanning an event out). */
  abstract enabledOf(organizationId: string): Promise<WebhookEndpoint[]>;
  abstract save(endpoint: WebhookEndpoint): Promise<void>;
  /** Deletes the endpoint and its deliveries; its events (recorded before) are collected. */
  abstract remove(endpoint: WebhookEndpoint): Promise<void>;
  abstract view(organizationId: string, endpointId: string): Promise<WebhookEndpointView | null>;
  /** Newest first, before `beforeId`; `limit` rows (callers ask one more to know of a next page). */
  abstract list(organizationId: string, beforeId: string | undefined, limit: number): Promise<WebhookEndpointView[]>;
}

export abstract class WebhookDeliveryStore {
  /** False when the endpoint already has a delivery of this event. */
  abstract create(delivery: NewWebhookDelivery): Promise<boolean>;
  abstract find(organizationId: string, deliveryId: string): Promise<(WebhookDeliveryView & { body: string }) | null>;
  abstract list(organizationId: string, endpointId: string, beforeId: string | undefined, limit: number): Promise<WebhookDeliveryView[]>;
  abstract recordAttempt(organizationId: string, deliveryId: string, attempt: WebhookAttempt): Promise<void>;
  /** Waiting for another attempt (a manual retry). */
  abstract markPending(organizationId: string, deliveryId: string, at: Date): Promise<void>;
  /**
   * Deliveries of events about one resource go to an endpoint in the order the events
   * happened: the earliest delivery still pending for the same endpoint and resource, made
   * before this one (null when this one is next).
   */
  abstract earlierPendingOfSameResource(organizationId: string, deliveryId: string): Promise<string | null>;
  /** The next delivery waiting behind this one (same endpoint and resource), if any. */
  abstract nextPendingOfSameResource(organizationId: string, deliveryId: string): Promise<string | null>;
}
