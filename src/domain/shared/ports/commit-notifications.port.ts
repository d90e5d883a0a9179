/** What a committed transaction announces about one of its events (the publisher's notification). */
export interface CommitNotice {
  type: string;
  organizationId: string;
  resourceType: string;
  resourceId: string;
}

/**
 * The events every replica hears once their transaction has committed (on PostgreSQL through
 * LISTEN on the publisher's pg_notify channel; on PGlite in the one embedded instance). For
 * caches that must follow changes made on another replica.
 */
export abstract class CommitNotifications {
  /**
   * `onNotice` for every committed event from now on; `onGap` when notices may have been missed
   * (the listening connection was lost and is back): a cache should then forget everything.
   */
  abstract subscribe(onNotice: (notice: CommitNotice) => void, onGap: () => void): Promise<{ close(): Promise<void> }>;

  /**
   * Tells this process's subscribers at once, while the change is still being made (they hear it
   * again from the database once it commits): so the replica that makes a change never serves
   * what it replaces, even before the database's notification comes back.
   */
  abstract announceLocally(notice: CommitNotice): void;
}
