import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { LiveEvent } from '@domain/events/live-event';
import { LiveEventSettings } from '@domain/events/ports/live-event-settings.port';
import { CommitNotifications } from '@domain/shared/ports/commit-notifications.port';
import { TenantQueryBus } from '../shared';
import { GetLastLiveEventPositionQuery } from './queries/get-last-live-event-position/get-last-live-event-position.query';
import { ListLiveEventsQuery } from './queries/list-live-events/list-live-events.query';

/** One open stream, as the hub sees it: handed every new event of its organization, in order. */
export interface LiveEventSubscriber {
  deliver(events: readonly LiveEvent[]): void;
  /** The process is shutting down. */
  close(): void;
}

interface Organization {
  subscribers: Set<LiveEventSubscriber>;
  /** The last position read and handed out. */
  cursor: number;
  /** Reads of this organization run one after another, so subscribers get events in order. */
  chain: Promise<void>;
  wakePending: boolean;
}

const PAGE = 500;

/**
 * The process's fan-out of committed events. Each organization with open streams is read once
 * per signal (LISTEN/NOTIFY from any replica) from the store, after the last position read, and
 * what is new goes to every stream of that organization. The store is the only source: a signal
 * says "look", never what happened, so a lost signal costs latency (the periodic re-read and the
 * re-read on reconnection catch up), never an event.
 */
@Injectable()
export class LiveEventHub implements OnModuleDestroy {
  private readonly logger = new Logger(LiveEventHub.name);
  private readonly organizations = new Map<string, Organization>();
  private listening: Promise<{ close(): Promise<void> }> | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly streamsByPrincipal = new Map<string, number>();

  constructor(
    private readonly notifications: CommitNotifications,
    private readonly queries: TenantQueryBus,
    private readonly settings: LiveEventSettings,
  ) {}

  /**
   * Adds a stream. Resolves with the position from which the hub hands it events: everything
   * after it comes through `deliver`; anything before it is the stream's to replay from the store.
   */
  async subscribe(organizationId: string, subscriber: LiveEventSubscriber): Promise<{ from: number; unsubscribe(): void }> {
    await this.ensureListening();
    let org = this.organizations.get(organizationId);
    if (!org) {
      const created: Organization = { subscribers: new Set(), cursor: 0, chain: Promise.resolve(), wakePending: false };
      created.chain = this.queries
        .execute<number>(new GetLastLiveEventPositionQuery({ organizationId }))
        .then((last) => void (created.cursor = last));
      this.organizations.set(organizationId, (org = created));
    }
    org.subscribers.add(subscriber);
    const entry = org;
    // After the organization's first read (and any read in flight): from here on, the hub hands out everything after `from`.
    await entry.chain.catch(() => undefined);
    return {
      from: entry.cursor,
      unsubscribe: () => {
        entry.subscribers.delete(subscriber);
        if (entry.subscribers.size === 0 && this.organizations.get(organizationId) === entry) this.organizations.delete(organizationId);
      },
    };
  }

  /** Takes one of the caller's stream slots in this process; false when all are in use. */
  tryOpen(principalKey: string): boolean {
    const open = this.streamsByPrincipal.get(principalKey) ?? 0;
    if (open >= this.settings.maxStreamsPerPrincipal) return false;
    this.streamsByPrincipal.set(principalKey, open + 1);
    return true;
  }

  release(principalKey: string): void {
    const open = (this.streamsByPrincipal.get(principalKey) ?? 1) - 1;
    if (open <= 0) this.streamsByPrincipal.delete(principalKey);
    else this.streamsByPrincipal.set(principalKey, open);
  }

  /** Streams open in this process (all organizations). */
  get streams(): number {
    let n = 0;
    for (const org of this.organizations.values()) n += org.subscribers.size;
    return n;
  }

  /** Something committed for the organization: read what is new, once, for all its streams. */
  wake(organizationId: string): void {
    const org = this.organizations.get(organizationId);
    if (!org || org.wakePending) return;
    org.wakePending = true;
    org.chain = org.chain
      .catch(() => undefined)
      .then(async () => {
        org.wakePending = false;
        await this.readNew(organizationId, org);
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, organizationId }, 'could not read live events; the next signal or poll retries'),
      );
  }

  private async readNew(organizationId: string, org: Organization): Promise<void> {
    for (;;) {
      if (org.subscribers.size === 0) return;
      const events = await this.queries.execute<LiveEvent[]>(new ListLiveEventsQuery({ organizationId, after: org.cursor, limit: PAGE }));
      if (events.length === 0) return;
      org.cursor = events[events.length - 1]!.position;
      for (const subscriber of [...org.subscribers]) subscriber.deliver(events);
      if (events.length < PAGE) return;
    }
  }

  private wakeAll(): void {
    for (const organizationId of this.organizations.keys()) this.wake(organizationId);
  }

  private ensureListening(): Promise<unknown> {
    if (!this.listening) {
      this.listening = this.notifications.subscribe(
        (notice) => this.wake(notice.organizationId),
        () => this.wakeAll(),
      );
      this.listening.catch(() => (this.listening = null));
      if (!this.poller) {
        this.poller = setInterval(() => this.wakeAll(), this.settings.pollSeconds * 1000);
        this.poller.unref();
      }
    }
    return this.listening;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    for (const org of this.organizations.values()) for (const subscriber of [...org.subscribers]) subscriber.close();
    this.organizations.clear();
    const listening = this.listening;
    this.listening = null;
    if (listening) await (await listening.catch(() => null))?.close();
  }
}
