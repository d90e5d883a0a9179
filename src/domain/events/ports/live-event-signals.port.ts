/**
 * Wakes this process when another transaction (in any process) committed events of an
 * organization. A signal carries no event: readers fetch from the store, which is the truth.
 * `onReconnect` fires when signals may have been lost (the listening connection came back).
 */
export abstract class LiveEventSignals {
  abstract listen(onCommit: (organizationId: string) => void, onReconnect: () => void): Promise<{ close(): Promise<void> }>;
}
