import { wireEventOf, type LiveEventRecord } from './live-event';

/** The body every attempt of a delivery sends (Standard Webhooks: type, timestamp, data). */
export function webhookBodyOf(event: LiveEventRecord): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: wireEventOf(event),
  });
}

export const PING_EVENT_TYPE = 'webhook.ping';

/**
 * After attempt `attempts` (1-based) failed: the seconds before the next one, or null when the
 * schedule is spent and the delivery has failed for good.
 */
export function nextRetryDelay(attempts: number, scheduleSeconds: readonly number[]): number | null {
  return attempts <= scheduleSeconds.length ? scheduleSeconds[attempts - 1]! : null;
}

/** `auto`: an event's delivery, retried on schedule; `once`: a ping or a manual retry, one attempt. */
export type DeliveryMode = 'auto' | 'once';
