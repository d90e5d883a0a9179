import type { ServerResponse } from 'node:http';
import { wireEventOf, type EventTypeFilter, type LiveEvent } from '@domain/events/live-event';
import type { LiveEventSubscriber } from '../live-event-hub.service';

/** Events a stream may hold while it replays or while its visibility checks run; past this it is cut. */
const MAX_PENDING_EVENTS = 10_000;

export interface LiveEventStreamOptions {
  filter: EventTypeFilter;
  /**
   * Sees every event of the organization first, whatever the filter: the caller's standing may
   * change (a role, a workspace, a revoked key). False ends the stream.
   */
  observe(event: LiveEvent): Promise<boolean>;
  /** Whether the caller may see the event (permissions and the workspace wall). */
  visible(event: LiveEvent): Promise<boolean>;
  /** Unsent bytes the socket may hold before the client counts as too slow and is cut. */
  maxBufferedBytes: number;
  heartbeatMs: number;
  /** Called once, however the stream ends. */
  onClose(): void;
}

/**
 * One Server-Sent Events response. Events arrive in position order (replay first, then what the
 * hub hands over) and each position is written at most once: anything at or before the last
 * position handled is dropped, which is what makes the switch from replay to live seamless.
 */
export class LiveEventStream implements LiveEventSubscriber {
  private cursor: number;
  private replaying = true;
  private readonly held: LiveEvent[] = [];
  private pending = 0;
  private chain: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly raw: ServerResponse,
    cursor: number,
    private readonly options: LiveEventStreamOptions,
  ) {
    this.cursor = cursor;
    raw.on('close', () => this.close());
    raw.on('error', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get position(): number {
    return this.cursor;
  }

  /** Where the stream starts: events at or before this position are not written. */
  startAt(position: number): void {
    this.cursor = position;
  }

  /** The headers and a first comment: the client knows it is connected before any event. */
  open(headers: Record<string, string | string[] | number | undefined>): void {
    const clean: Record<string, string | string[] | number> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined && k.toLowerCase() !== 'content-length') clean[k] = v;
    this.raw.writeHead(200, {
      ...clean,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    this.write(`: connected\nretry: 3000\n\n`);
    this.heartbeat = setInterval(() => this.write(`: heartbeat ${new Date().toISOString()}\n\n`), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Replayed events (from the store), before `live()`. */
  replay(events: readonly LiveEvent[]): Promise<void> {
    return this.enqueue(events);
  }

  /** Replay is done: what the hub handed over meanwhile follows, then everything it hands over. */
  live(): Promise<void> {
    this.replaying = false;
    const held = this.held.splice(0);
    return this.enqueue(held);
  }

  deliver(events: readonly LiveEvent[]): void {
    if (this.closed) return;
    if (this.replaying) {
      this.held.push(...events);
      if (this.held.length > MAX_PENDING_EVENTS) this.cut();
      return;
    }
    void this.enqueue(events);
  }

  private enqueue(events: readonly LiveEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return this.chain;
    this.pending += events.length;
    if (this.pending > MAX_PENDING_EVENTS) {
      this.cut();
      return this.chain;
    }
    this.chain = this.chain.then(async () => {
      for (const event of events) {
        this.pending -= 1;
        if (this.closed || event.position <= this.cursor) continue;
        this.cursor = event.position;
        if (!(await this.options.observe(event).catch(() => false))) {
          this.close();
          return;
        }
        if (!this.options.filter.matches(event.type)) continue;
        if (!(await this.options.visible(event).catch(() => false))) continue;
        if (this.closed) return;
        this.write(`id: ${event.position}\ndata: ${JSON.stringify(wireEventOf(event))}\n\n`);
      }
    });
    return this.chain;
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.raw.write(chunk);
    // A client that does not read: its unsent bytes pile up here. Cut it; it resumes with Last-Event-ID.
    if (this.raw.writableLength > this.options.maxBufferedBytes) this.cut();
  }

  /** Ends a client that cannot keep up; it reconnects with Last-Event-ID and replays from the store. */
  private cut(): void {
    if (this.closed) return;
    this.raw.destroy();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.held.length = 0;
    if (!this.raw.destroyed && !this.raw.writableEnded) this.raw.end();
    this.options.onClose();
  }
}
