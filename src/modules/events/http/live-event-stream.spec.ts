import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { EventTypeFilter, type LiveEvent } from '@domain/events/live-event';
import { LiveEventStream } from './live-event-stream';

/** A response whose client reads nothing: every written byte stays buffered. */
class StalledResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  writableEnded = false;
  written: string[] = [];
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.writableLength += Buffer.byteLength(chunk);
    return false;
  }
  destroy(): void {
    this.destroyed = true;
  }
  end(): void {
    this.writableEnded = true;
  }
}

const event = (position: number, type = 'call.started'): LiveEvent => ({
  position,
  eventId: `00000000-0000-7000-8000-${String(position).padStart(12, '0')}`,
  organizationId: '00000000-0000-7000-8000-000000000001',
  type,
  resourceType: 'call',
  resourceId: 'x',
  workspaceId: null,
  occurredAt: new Date(0),
  payload: { filler: 'x'.repeat(200) },
});

function streamOn(raw: StalledResponse, options: { maxBufferedBytes?: number; filter?: string } = {}) {
  let closed = 0;
  const stream = new LiveEventStream(raw as unknown as ServerResponse, 0, {
    filter: EventTypeFilter.fromQuery(options.filter)!,
    observe: () => Promise.resolve(true),
    visible: () => Promise.resolve(true),
    maxBufferedBytes: options.maxBufferedBytes ?? 1_000_000,
    heartbeatMs: 60_000,
    onClose: () => void (closed += 1),
  });
  stream.open({});
  return { stream, closes: () => closed };
}

describe('LiveEventStream', () => {
  it('cuts a client that lets its unsent bytes pile up, once', async () => {
    const raw = new StalledResponse();
    const { stream, closes } = streamOn(raw, { maxBufferedBytes: 2048 });
    await stream.live();
    stream.deliver(Array.from({ length: 50 }, (_, i) => event(i + 1)));
    await new Promise((r) => setTimeout(r, 10));
    expect(raw.destroyed).toBe(true);
    expect(stream.isClosed).toBe(true);
    expect(closes()).toBe(1);
    expect(raw.written.filter((c) => c.startsWith('id:')).length).toBeLessThan(50);
  });

  it('writes each position once, in order, across replay and what the hub handed over meanwhile', async () => {
    const raw = new StalledResponse();
    const { stream } = streamOn(raw);
    stream.startAt(2);
    stream.deliver([event(5), event(6)]);
    await stream.replay([event(3), event(4), event(5)]);
    await stream.live();
    stream.deliver([event(6), event(7)]);
    await stream.live();
    const ids = raw.written.filter((c) => c.startsWith('id:')).map((c) => Number(/^id: (\d+)/.exec(c)![1]));
    expect(ids).toEqual([3, 4, 5, 6, 7]);
  });

  it('holds no more than a bounded number of events while it replays', () => {
    const raw = new StalledResponse();
    const { stream } = streamOn(raw);
    stream.deliver(Array.from({ length: 10_001 }, (_, i) => event(i + 1)));
    expect(stream.isClosed).toBe(true);
  });
});

describe('EventTypeFilter', () => {
  it('takes types, families and *', () => {
    const filter = EventTypeFilter.fromQuery('call.*, analysis.needs_review')!;
    expect(filter.matches('call.started')).toBe(true);
    expect(filter.matches('call')).toBe(false);
    expect(filter.matches('analysis.needs_review')).toBe(true);
    expect(filter.matches('analysis.scored')).toBe(false);
    expect(EventTypeFilter.fromQuery(undefined)!.matches('anything.at_all')).toBe(true);
    expect(EventTypeFilter.fromQuery('*')!.matches('x.y')).toBe(true);
    for (const bad of ['call.**', 'Call.started', 'call..x', '*.started', 'a b']) expect(EventTypeFilter.fromQuery(bad)).toBeNull();
  });
});
