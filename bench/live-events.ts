/**
 * Scenario `events` of `npm run bench` (BENCH_SCENARIOS=events; not run unless named), or on its
 * own: `node -r @swc-node/register bench/live-events.ts`.
 *
 * 1. Live stream: BENCH_EVENTS_CLIENTS (100) Server-Sent Events clients of one organization
 *    (`?types=workspace.created`, plain node:http readers in this process), then BENCH_EVENTS_COUNT
 *    (500) workspaces created through the API, BENCH_EVENTS_WRITERS (10) at a time. Per event and
 *    client: from the creating request's answer (the commit is acknowledged) to the client's
 *    receipt (0 when the event arrived first), p50 and p99; and events received a second over
 *    all clients.
 * 2. Webhooks: one endpoint on a local receiver (node:http, answers 204), the same number of
 *    events, job workers on (WEBHOOKS_DELIVERY_CONCURRENCY): deliveries a second from the first
 *    request to the last delivery received, every signature checked with `standardwebhooks`.
 *
 * One in-process app on a fresh PostgreSQL database (the clients share its event loop, so the
 * figures are a floor for a real deployment). Environment: BENCH_ADMIN_URL (where to create and
 * drop the database, postgres://postgres@127.0.0.1:5432/test), BENCH_EVENTS_CLIENTS,
 * BENCH_EVENTS_COUNT, BENCH_EVENTS_WRITERS.
 */
import 'reflect-metadata';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../src/create-app';
import { loadConfig } from '@infrastructure/config/app-config';
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../test/support/test-environment';
import { withDatabase } from './machine';

const CLIENTS = Number(process.env.BENCH_EVENTS_CLIENTS ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS_COUNT ?? 500);
const WRITERS = Number(process.env.BENCH_EVENTS_WRITERS ?? 10);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'switchboard_bench_events';

const log = (line = '') => process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export function takeEventsScenario(): 'only' | 'also' | 'no' {
  const names = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.includes('events')) return 'no';
  const others = names.filter((n) => n !== 'events');
  if (others.length === 0) return 'only';
  process.env.BENCH_SCENARIOS = others.join(',');
  return 'also';
}

export async function runLiveEventsBench(): Promise<boolean> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.unsafe(`create database ${DB}`);
  const receiver = await startReceiver();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: withDatabase(ADMIN_URL, DB),
    SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SWAGGER_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    EVENTS_MAX_STREAMS_PER_PRINCIPAL: String(CLIENTS + 10),
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
    DATA_DIR: '/tmp/switchboard-bench-events',
  });
  const app = await createApp(config);
  const streams: http.ClientRequest[] = [];
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as Record<string, any>;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = await new SignJWT({ role: 'authenticated', sub: crypto.randomUUID(), email: 'bench@example.test' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setAudience('authenticated')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const org = await call('POST', '/v1/organizations', { authorization: `Bearer ${token}` }, { name: 'Bench' });
    const orgId = org.id as string;
    const key = (
      await call(
        'POST',
        `/v1/organizations/${orgId}/api-keys`,
        { authorization: `Bearer ${token}` },
        { name: 'bench', scopes: ['workspaces:write', 'workspaces:read', 'organizations:read', 'organizations:write'] },
      )
    ).key as string;
    const auth = { 'x-api-key': key };

    // 1. The live stream.
    const receipts = new Map<string, number[]>();
    await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.get(
              `${base}/v1/organizations/${orgId}/events?types=workspace.created`,
              { headers: { ...auth, accept: 'text/event-stream' } },
              (res) => {
                if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
                res.setEncoding('utf8');
                let buffer = '';
                res.on('data', (chunk: string) => {
                  buffer += chunk;
                  let cut: number;
                  while ((cut = buffer.indexOf('\n\n')) >= 0) {
                    const block = buffer.slice(0, cut);
                    buffer = buffer.slice(cut + 2);
                    const data = block.split('\n').find((l) => l.startsWith('data: '));
                    if (!data) continue;
                    const id = (JSON.parse(data.slice(6)) as { resourceId: string }).resourceId;
                    const list = receipts.get(id) ?? [];
                    list.push(performance.now());
                    receipts.set(id, list);
                  }
                });
                resolve();
              },
            );
            req.on('error', reject);
            streams.push(req);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    const acked = new Map<string, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < EVENTS) {
          const n = next++;
          const ws = await call('POST', `/v1/organizations/${orgId}/workspaces`, auth, { name: `Desk ${n}` });
          acked.set(ws.id as string, performance.now());
        }
      }),
    );
    const deadline = performance.now() + 60_000;
    const complete = () => [...acked.keys()].every((id) => (receipts.get(id)?.length ?? 0) >= CLIENTS);
    while (!complete() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    let last = 0;
    const latencies: number[] = [];
    let received = 0;
    for (const [id, at] of acked) {
      for (const t of receipts.get(id) ?? []) {
        latencies.push(Math.max(0, t - at));
        last = Math.max(last, t);
        received++;
      }
    }
    latencies.sort((a, b) => a - b);
    const seconds = (last - started) / 1000;
    log(`live events: ${EVENTS} events × ${CLIENTS} clients, ${received} of ${EVENTS * CLIENTS} received in ${seconds.toFixed(2)} s`);
    log(`  commit acknowledged → client receipt: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`);
    log(
      `  ${(EVENTS / seconds).toFixed(0)} events/s committed and fanned out, ${(received / seconds).toFixed(0)} event receipts/s over all clients`,
    );
    for (const s of streams) s.destroy();

    // 2. Webhooks.
    const endpoint = await call('POST', `/v1/organizations/${orgId}/webhook-endpoints`, auth, {
      url: receiver.url,
      eventTypes: ['workspace.created'],
    });
    receiver.expect(endpoint.secret as string);
    const wStarted = performance.now();
    next = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < EVENTS) {
          const n = next++;
          await call('POST', `/v1/organizations/${orgId}/workspaces`, auth, { name: `Hooked ${n}` });
        }
      }),
    );
    const wDeadline = performance.now() + 120_000;
    while (receiver.verified < EVENTS && performance.now() < wDeadline) await new Promise((r) => setTimeout(r, 50));
    const wSeconds = (receiver.lastAt - wStarted) / 1000;
    log(
      `webhooks: ${receiver.verified} of ${EVENTS} deliveries verified (${receiver.invalid} bad signatures) in ${wSeconds.toFixed(2)} s: ${(receiver.verified / wSeconds).toFixed(0)} deliveries/s`,
    );
    return received === EVENTS * CLIENTS && receiver.verified === EVENTS && receiver.invalid === 0;
  } finally {
    for (const s of streams) s.destroy();
    await app.close();
    await receiver.close();
    await admin.unsafe(`drop database if exists ${DB} with (force)`);
    await admin.end();
  }
}

async function startReceiver() {
  let secret = '';
  const state = { verified: 0, invalid: 0, lastAt: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        new Webhook(secret).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        state.verified++;
      } catch {
        state.invalid++;
      }
      state.lastAt = performance.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    expect: (s: string) => void (secret = s),
    get verified() {
      return state.verified;
    },
    get invalid() {
      return state.invalid;
    },
    get lastAt() {
      return state.lastAt;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  runLiveEventsBench().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
