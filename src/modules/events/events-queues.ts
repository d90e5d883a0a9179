import type { DeliveryMode } from '@domain/events/webhook-delivery';

/** One attempt to deliver one delivery; failed attempts send the next themselves, on schedule. */
export const DELIVER_WEBHOOK_QUEUE = 'events.deliver-webhook';
/** Retries of the job itself (its process died mid-attempt); the delivery's own retries are scheduled apart. */
export const DELIVER_WEBHOOK_RETRY_LIMIT = 3;

export interface DeliverWebhookJobData {
  organizationId: string;
  deliveryId: string;
  mode: DeliveryMode;
}

/** Notifications made from the events that concern people. */
export const NOTIFY_QUEUE = 'events.notify';
