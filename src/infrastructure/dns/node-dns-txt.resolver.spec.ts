import { FakeDnsServer } from '@test/fakes/fake-dns-server';
import { NodeDnsTxtResolver } from './node-dns-txt.resolver';

describe('NodeDnsTxtResolver (against a local DNS server)', () => {
  let dns: FakeDnsServer;
  let resolver: NodeDnsTxtResolver;

  beforeAll(async () => {
    dns = await FakeDnsServer.start();
    resolver = new NodeDnsTxtResolver([dns.address], { timeoutMs: 300, tries: 1 });
  });
  afterAll(async () => {
    await dns.close();
  });
  afterEach(() => {
    dns.fail = null;
  });

  it('answers every TXT record at the name, long ones joined from their 255-byte strings', async () => {
    const long = `switchboard-domain-verification=${'a'.repeat(300)}`;
    dns.setTxt('_switchboard.acme.test', 'v=spf1 -all', long);
    expect(await resolver.resolveTxt('_switchboard.acme.test')).toEqual(['v=spf1 -all', long]);
    expect(dns.queries.at(-1)).toEqual({ name: '_switchboard.acme.test', type: 16 });
  });

  it('answers [] for a name that does not exist or has no TXT record: the record is not there', async () => {
    expect(await resolver.resolveTxt('_switchboard.nowhere.test')).toEqual([]);
    dns.setTxt('_switchboard.empty.test');
    expect(await resolver.resolveTxt('_switchboard.empty.test')).toEqual([]);
  });

  it('throws organization.dns_unavailable when DNS gives no answer (SERVFAIL, timeout): that proves nothing', async () => {
    dns.setTxt('_switchboard.acme.test', 'x');
    dns.fail = 'servfail';
    await expect(resolver.resolveTxt('_switchboard.acme.test')).rejects.toMatchObject({
      code: 'organization.dns_unavailable',
      kind: 'upstream',
    });
    dns.fail = 'drop';
    await expect(resolver.resolveTxt('_switchboard.acme.test')).rejects.toMatchObject({ code: 'organization.dns_unavailable' });
  });
});
