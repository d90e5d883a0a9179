/** What one attempt to deliver sends. */
export interface WebhookMessage {
  url: string;
  /** `webhook-id`: the same on every attempt, so receivers can drop duplicates. */
  id: string;
  timestamp: Date;
  body: string;
  /** Signing secrets (`whsec_...`): the current one, and during a rotation's overlap the previous one. */
  secrets: string[];
}

export type WebhookSendResult =
  { ok: true; status: number; timeMs: number } | { ok: false; status: number | null; timeMs: number; error: string };

/**
 * Sends signed deliveries over HTTPS to public addresses only (unless the configuration allows
 * private ones): the host is resolved, every address checked, and the connection made to the
 * checked address, so a DNS answer that changes between check and connect cannot redirect it.
 */
export abstract class WebhookTransport {
  /** Throws `webhook_endpoint.invalid_url` (a DomainError) when the URL may not receive deliveries. */
  abstract check(url: string): Promise<void>;
  abstract send(message: WebhookMessage, timeoutMs: number): Promise<WebhookSendResult>;
}

/** The delivery settings (bound from the configuration). */
export abstract class WebhookSettings {
  /** Seconds to wait before each retry after a failed attempt; past the last, the endpoint is disabled. */
  abstract readonly retryScheduleSeconds: readonly number[];
  abstract readonly timeoutMs: number;
  /** How long a rotated-out secret still signs deliveries, unless the rotation says otherwise. */
  abstract readonly secretOverlapSeconds: number;
}
