import { Resolver } from 'node:dns/promises';
import { dnsUnavailable } from '@domain/tenancy/errors';
import { DnsTxtResolver } from '@domain/tenancy/ports/dns-txt-resolver.port';

/** Answers that say the record is not there: the name does not exist, or has no TXT record. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * TXT lookups through Node's `dns.promises.Resolver` (c-ares, not the OS's getaddrinfo),
 * against `servers` (`ip`, `ip:port`, `[ipv6]:port`), or the system's resolvers when empty.
 * A name that does not exist or has no TXT answers []; no answer (timeout, SERVFAIL, refused)
 * is `organization.dns_unavailable`, never taken as "gone".
 */
export class NodeDnsTxtResolver extends DnsTxtResolver {
  private readonly resolver: Resolver;

  constructor(servers: readonly string[], options: { timeoutMs?: number; tries?: number } = {}) {
    super();
    this.resolver = new Resolver({ timeout: options.timeoutMs ?? 2_000, tries: options.tries ?? 2 });
    if (servers.length > 0) this.resolver.setServers([...servers]);
  }

  async resolveTxt(name: string): Promise<string[]> {
    try {
      const records = await this.resolver.resolveTxt(name);
      return records.map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && NO_RECORD.has(code)) return [];
      throw dnsUnavailable(name);
    }
  }
}
