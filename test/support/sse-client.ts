import * as http from 'node:http';

export interface SseEvent {
  id: string | undefined;
  data: Record<string, any>;
}

/** A minimal Server-Sent Events reader over node:http, for tests: keeps every event and comment it gets. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
    const end = () => {
      this.ended = true;
      this.notify();
    };
    response.on('end', end);
    response.on('close', end);
    response.on('error', end);
  }

  static open(url: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        resolve(new SseClient(response.statusCode ?? 0, response.headers, request, response));
      });
      request.on('error', reject);
    });
  }

  get ids(): string[] {
    return this.events.map((e) => e.id!);
  }

  get lastId(): string | undefined {
    return this.events[this.events.length - 1]?.id;
  }

  ofType(type: string): SseEvent[] {
    return this.events.filter((e) => e.data.type === type);
  }

  /** Waits until `done()` holds (checked on every chunk), or fails after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 10_000, what = 'the expected events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.id, e.data.type]))}`);
      if (this.ended && !done()) throw new Error(`stream ended before ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
    this.response.destroy();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) this.events.push({ id, data: JSON.parse(data.join('\n')) as Record<string, any> });
    }
    this.notify();
  }
}
