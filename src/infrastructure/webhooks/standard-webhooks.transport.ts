import * as dns from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { invalidWebhookUrl } from '@domain/events/errors';
import { WebhookTransport, type WebhookMessage, type WebhookSendResult } from '@domain/events/ports/webhook-transport.port';
import { AppConfig } from '../config/app-config';

/**
 * Addresses a delivery may never reach unless the configuration allows private addresses. One
 * list per family: a BlockList checks IPv4 addresses against IPv6 rules too (as mapped
 * addresses), so `::ffff:0:0/96` in a shared list would block every IPv4 address.
 */
const NOT_PUBLIC_V4 = new BlockList();
const NOT_PUBLIC_V6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC_V4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC_V6.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return !NOT_PUBLIC_V4.check(mapped[1]!, 'ipv4');
  return family === 4 ? !NOT_PUBLIC_V4.check(address, 'ipv4') : !NOT_PUBLIC_V6.check(address, 'ipv6');
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Signs with the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, the `standardwebhooks` package) and POSTs over HTTPS. SSRF defence: the
 * host is resolved here, every address it resolves to must be public, and the connection goes to
 * the address that was checked (a pinned lookup), so DNS rebinding between check and connect
 * cannot reach an internal service. Redirects are not followed. With
 * `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES` (development, tests) private addresses are allowed, and so is
 * plain http to them.
 */
@Injectable()
export class StandardWebhooksTransport extends WebhookTransport {
  private readonly allowPrivate: boolean;

  constructor(config: AppConfig) {
    super();
    this.allowPrivate = config.webhooks.allowPrivateAddresses;
  }

  async check(url: string): Promise<void> {
    await this.resolve(url);
  }

  async send(message: WebhookMessage, timeoutMs: number): Promise<WebhookSendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let target: { url: URL; address: string; family: number };
    try {
      target = await this.resolve(message.url);
    } catch (error) {
      return { ok: false, status: null, timeMs: elapsed(), error: error instanceof Error ? error.message : 'refused' };
    }
    const signature = message.secrets.map((secret) => new Webhook(secret).sign(message.id, message.timestamp, message.body)).join(' ');
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Webhooks/1',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all)
        (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: target.address, family: target.family },
        ]);
      else callback(null, target.address, target.family);
    };
    return new Promise<WebhookSendResult>((resolve) => {
      const client = target.url.protocol === 'https:' ? https : http;
      const request = client.request(
        target.url,
        { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(message.body) }, lookup, timeout: timeoutMs },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) response.destroy();
          });
          const done = () => {
            const status = response.statusCode ?? 0;
            resolve(
              status >= 200 && status < 300
                ? { ok: true, status, timeMs: elapsed() }
                : { ok: false, status, timeMs: elapsed(), error: `answered ${status}` },
            );
          };
          response.on('end', done);
          response.on('close', done);
        },
      );
      const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        resolve({ ok: false, status: null, timeMs: elapsed(), error: error.code ? `${error.code}: ${error.message}` : error.message });
      });
      request.on('close', () => clearTimeout(deadline));
      request.end(message.body);
    });
  }

  /** The URL and the one checked address a delivery connects to. */
  private async resolve(raw: string): Promise<{ url: URL; address: string; family: number }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalidWebhookUrl('The URL is not valid');
    }
    if (url.username || url.password) throw invalidWebhookUrl('The URL may not carry credentials');
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowPrivate))
      throw invalidWebhookUrl('Webhook URLs must use https');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: { address: string; family: number }[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await dns.lookup(host, { all: true, verbatim: true });
      } catch {
        throw invalidWebhookUrl(`${host} does not resolve`);
      }
    }
    if (addresses.length === 0) throw invalidWebhookUrl(`${host} does not resolve`);
    const publicOnes = addresses.filter((a) => isPublicAddress(a.address));
    if (!this.allowPrivate && publicOnes.length !== addresses.length)
      throw invalidWebhookUrl(`${host} resolves to an address that is not public`);
    if (url.protocol === 'http:' && publicOnes.length > 0) throw invalidWebhookUrl('Webhook URLs must use https');
    return { url, address: addresses[0]!.address, family: addresses[0]!.family };
  }
}
