import { DEFAULT_WEBHOOK_RETRY_SCHEDULE, loadConfig } from '../config/app-config';
import { isPublicAddress, StandardWebhooksTransport } from './standard-webhooks.transport';

describe('StandardWebhooksTransport: SSRF defence', () => {
  it('tells public addresses from private, loopback, link-local, mapped and reserved ones', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '93.184.216.34']) expect([a, isPublicAddress(a)]).toEqual([a, true]);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
      'not-an-ip',
    ]) {
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    }
  });

  it('refuses a private target at send time too, without connecting', async () => {
    const transport = new StandardWebhooksTransport(loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: 'a'.repeat(64), DATA_DIR: '/tmp' }));
    await expect(transport.check('https://127.0.0.1/x')).rejects.toMatchObject({ code: 'webhook_endpoint.invalid_url' });
    const result = await transport.send(
      {
        url: 'https://localhost:1/x',
        id: 'msg_1',
        timestamp: new Date(),
        body: '{}',
        secrets: [`whsec_${Buffer.alloc(24).toString('base64')}`],
      },
      1000,
    );
    expect(result).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/not public/) });
  });
});

describe('the default webhook retry schedule', () => {
  it('backs off, never shortening, over about three days', () => {
    const total = DEFAULT_WEBHOOK_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
    expect(total / 86_400).toBeGreaterThan(2.9);
    expect(total / 86_400).toBeLessThan(3.1);
    for (let i = 1; i < DEFAULT_WEBHOOK_RETRY_SCHEDULE.length; i++)
      expect(DEFAULT_WEBHOOK_RETRY_SCHEDULE[i]).toBeGreaterThanOrEqual(DEFAULT_WEBHOOK_RETRY_SCHEDULE[i - 1]!);
    expect(() =>
      loadConfig({ NODE_ENV: 'test', WEBHOOKS_RETRY_SCHEDULE_SECONDS: '5,soon', DATA_DIR: '/tmp', ENCRYPTION_KEY: 'a'.repeat(64) }),
    ).toThrow(/WEBHOOKS_RETRY_SCHEDULE_SECONDS/);
  });
});
