import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/config-spec', ...env });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('configuration: DNS_SERVERS and ALLOW_ANONYMOUS_USERS', () => {
  it('uses the system resolvers unless DNS_SERVERS lists addresses, with optional ports', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/config-spec' }).dnsServers).toEqual([]);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: '.tmp/config-spec',
      DNS_SERVERS: '1.1.1.1, 127.0.0.1:5353,[::1]:53,2001:db8::1',
    });
    expect(config.dnsServers).toEqual(['1.1.1.1', '127.0.0.1:5353', '[::1]:53', '2001:db8::1']);
  });

  it('refuses names and bad ports in DNS_SERVERS', () => {
    expect(problemsOf({ DNS_SERVERS: 'dns.google' }).join()).toMatch(/DNS_SERVERS/);
    expect(problemsOf({ DNS_SERVERS: '127.0.0.1:99999' }).join()).toMatch(/DNS_SERVERS/);
    expect(problemsOf({ DNS_SERVERS: '[127.0.0.1]:53' }).join()).toMatch(/DNS_SERVERS/);
  });

  it('refuses anonymous sign-ins unless ALLOW_ANONYMOUS_USERS is true', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/config-spec' }).jwt.allowAnonymous).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/config-spec', ALLOW_ANONYMOUS_USERS: 'true' }).jwt.allowAnonymous).toBe(true);
    expect(problemsOf({ ALLOW_ANONYMOUS_USERS: 'maybe' }).join()).toMatch(/ALLOW_ANONYMOUS_USERS/);
  });
});
