export interface EventCopiesRedacted {
  liveEvents: number;
  webhookDeliveries: number;
  notifications: number;
}

/** Copies of events kept for the live stream, webhook deliveries and notifications: erasure removes a person's data from them. */
export abstract class EventCopiesEraser {
  /**
   * Replaces each needle by `[erased]` wherever it appears, and deletes the notifications of
   * `userId` when given; answers how many rows of each kind changed.
   */
  abstract redact(organizationId: string, needles: readonly string[], userId: string | null): Promise<EventCopiesRedacted>;
}
