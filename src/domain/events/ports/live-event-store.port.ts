import type { LiveEvent, LiveEventRecord } from '../live-event';

/**
 * The durable record of committed events that the live stream replays from. `append` runs in
 * the transaction of the change; positions become visible in order within an organization.
 */
export abstract class LiveEventStore {
  abstract append(event: LiveEventRecord): Promise<void>;
  /** Events after `position`, oldest first. */
  abstract after(organizationId: string, position: number, limit: number): Promise<LiveEvent[]>;
  /** The last position of the organization (0 when it has none). */
  abstract lastPosition(organizationId: string): Promise<number>;
  /** Platform work: forgets events recorded before `before`. Returns how many. */
  abstract prune(before: Date): Promise<number>;
}
