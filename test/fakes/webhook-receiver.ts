import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}

export type Reply = { status: number } | 'hang';

/** A customer's endpoint on localhost: keeps every delivery, answers as scripted per path (200 by default). */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly replies = new Map<string, Reply>();
  private readonly hanging = new Set<http.ServerResponse>();
  private readonly failures: { path: string; matches: (body: string) => boolean; left: number }[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = http.createServer((req, res) => {
      const receiver = holder.receiver!;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        receiver.received.push({ headers: req.headers, body, path: req.url ?? '/' });
        const failure = receiver.failures.find((f) => f.path === req.url && f.left > 0 && f.matches(body));
        if (failure) failure.left--;
        const reply = failure ? { status: 500 } : (receiver.replies.get(req.url ?? '/') ?? { status: 200 });
        if (reply === 'hang') {
          receiver.hanging.add(res);
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    const receiver = (holder.receiver = new WebhookReceiver(server));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  reply(path: string, reply: Reply): void {
    this.replies.set(path, reply);
  }

  /** The next `times` deliveries to `path` whose body matches answer 500; others as scripted. */
  failNext(path: string, times: number, matches: (body: string) => boolean): void {
    this.failures.push({ path, matches, left: times });
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
