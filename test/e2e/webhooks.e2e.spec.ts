import { Webhook } from 'standardwebhooks';
import { createApp } from '../../src/create-app';
import { Database } from '@infrastructure/persistence/database';
import { DELIVER_WEBHOOK_QUEUE } from '@modules/events';
import { WebhookReceiver } from '../fakes/webhook-receiver';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';

describe('webhook endpoints: signed deliveries that survive outages', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let orgId: string;
  let key: { apiKey: string };
  const base = () => `/v1/organizations/${orgId}/webhook-endpoints`;

  /** Runs due deliveries until none is left (a failed attempt schedules the next one at once: the test schedule is 0 s). */
  const deliverAll = async () => {
    for (let round = 0; round < 20; round++) if ((await t.drain(DELIVER_WEBHOOK_QUEUE)) === 0) return;
  };
  const addEndpoint = async (path: string, body: Record<string, unknown> = {}) => {
    const res = await t.request('POST', base(), key, { url: receiver.url(path), ...body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string; enabled: boolean };
  };
  const workspace = async (name: string) => {
    const res = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, key, { name });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startTestApp({
      env: {
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
        WEBHOOKS_RETRY_SCHEDULE_SECONDS: '0,0,0',
        WEBHOOKS_TIMEOUT_SECONDS: '1',
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    const org = await t.organization('Hooked');
    orgId = org.orgId;
    key = { apiKey: org.apiKey };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('shows the secret once; delivers every wanted event signed (Standard Webhooks), once committed, even after a crash before sending', async () => {
    const endpoint = await addEndpoint('/crm', { eventTypes: ['workspace.*'], description: 'CRM' });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    for (const res of [await t.request('GET', `${base()}/${endpoint.id}`, key), await t.request('GET', base(), key)]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(endpoint.secret);
      expect(res.body).not.toContain('secret"');
    }
    const [sealed] = await t.rows('select secret_sealed from webhook_endpoints where id = $1', [endpoint.id]);
    expect(String(sealed!.secret_sealed)).not.toContain(endpoint.secret.slice(6));

    const ws = await workspace('Delivered');
    await t.request('POST', `/v1/organizations/${orgId}/api-keys`, key, { name: 'not wanted', scopes: ['calls:read'] });
    // Committed with its job, nothing sent yet: no worker runs in the test app, as if the process died right after commit.
    expect(receiver.at('/crm')).toHaveLength(0);
    const [pending] = await t.rows('select status from webhook_deliveries where endpoint_id = $1', [endpoint.id]);
    expect(pending!.status).toBe('pending');

    await deliverAll();
    const got = receiver.at('/crm');
    expect(got).toHaveLength(1);
    const payload = new Webhook(endpoint.secret).verify(got[0]!.body, got[0]!.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe('workspace.created');
    expect(payload.data).toMatchObject({ resourceId: ws, organizationId: orgId, payload: { name: 'Delivered' } });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(got[0]!.body, got[0]!.headers as Record<string, string>),
    ).toThrow();

    const list = await t.request('GET', `${base()}/${endpoint.id}/deliveries`, key);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({
        eventType: 'workspace.created',
        status: 'succeeded',
        attempts: 1,
        responseStatus: 200,
        responseTimeMs: expect.any(Number),
        deliveredAt: expect.any(String),
      }),
    ]);
  });

  it('retries 500s, timeouts and refused connections on schedule, then disables the endpoint with an audit row and an event', async () => {
    receiver.reply('/broken', { status: 500 });
    receiver.reply('/slow', 'hang');
    const broken = await addEndpoint('/broken', { eventTypes: ['workspace.updated'] });
    const slow = await addEndpoint('/slow', { eventTypes: ['workspace.updated'] });
    const refusedRes = await t.request('POST', base(), key, { url: 'http://127.0.0.1:9/refused', eventTypes: ['workspace.updated'] });
    expect(refusedRes.statusCode).toBe(201);
    const refused = refusedRes.json() as { id: string };

    const ws = await workspace('Flaky');
    expect((await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${ws}`, key, { name: 'Flakier' })).statusCode).toBe(200);
    await deliverAll();

    expect(receiver.at('/broken')).toHaveLength(4); // the first attempt and 3 retries
    expect(receiver.at('/slow')).toHaveLength(4);
    expect(new Set(receiver.at('/broken').map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const [endpoint, error] of [
      [broken, /answered 500/],
      [slow, /no answer within 1000 ms/],
      [refused, /ECONNREFUSED/],
    ] as const) {
      const view = (await t.request('GET', `${base()}/${endpoint.id}`, key)).json();
      expect(view).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^4 attempts failed/) });
      const [delivery] = (await t.request('GET', `${base()}/${endpoint.id}/deliveries`, key)).json().data;
      expect(delivery).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null, lastError: expect.stringMatching(error) });
    }
    const audit = await t.rows(`select resource_id from audit_logs where action = 'webhook_endpoint.disabled' and organization_id = $1`, [
      orgId,
    ]);
    expect(audit.map((r) => r.resource_id).sort()).toEqual([broken.id, slow.id, refused.id].sort());
    const events = await t.rows(`select resource_id from live_events where type = 'webhook_endpoint.disabled' and organization_id = $1`, [
      orgId,
    ]);
    expect(events).toHaveLength(3);

    // Disabled endpoints receive nothing more; a manual retry is one attempt, and enabling resumes deliveries.
    await workspace('After');
    expect((await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${ws}`, key, { name: 'Again' })).statusCode).toBe(200);
    await deliverAll();
    expect(receiver.at('/broken')).toHaveLength(4);
    receiver.reply('/broken', { status: 204 });
    const [failed] = (await t.request('GET', `${base()}/${broken.id}/deliveries`, key)).json().data;
    const retried = await t.request('POST', `${base()}/${broken.id}/deliveries/${failed.id}/retry`, key);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending' });
    await deliverAll();
    expect((await t.request('GET', `${base()}/${broken.id}/deliveries`, key)).json().data[0]).toMatchObject({
      status: 'succeeded',
      attempts: 5,
      responseStatus: 204,
    });
    const enabled = await t.request('PATCH', `${base()}/${broken.id}`, key, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("delivers one resource's events in the order they happened, even when the first one needs retries; other resources do not wait", async () => {
    const endpoint = await addEndpoint('/ordered', { eventTypes: ['workspace.*'] });
    const first = await workspace('Ordered 0');
    expect((await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${first}`, key, { name: 'Ordered 1' })).statusCode).toBe(200);
    expect((await t.request('PATCH', `/v1/organizations/${orgId}/workspaces/${first}`, key, { name: 'Ordered 2' })).statusCode).toBe(200);
    const other = await workspace('Independent');
    // The first event about `first` fails twice before it is taken.
    receiver.failNext('/ordered', 2, (body) => body.includes(first) && body.includes('workspace.created'));

    await deliverAll();
    const accepted = receiver.at('/ordered').map((r) => ({
      id: r.headers['webhook-id'],
      ...(JSON.parse(r.body) as { type: string; data: { resourceId: string; payload: unknown } }),
    }));
    const aboutFirst = accepted.filter((r) => r.data.resourceId === first);
    // Every request about `first`, in the order sent: created three times (two 500s, then 200), then the updates once each.
    expect(aboutFirst.map((r) => r.type)).toEqual([
      'workspace.created',
      'workspace.created',
      'workspace.created',
      'workspace.updated',
      'workspace.updated',
    ]);
    // The two updates in the order they happened (event ids are UUIDv7: time-ordered).
    const updateIds = aboutFirst.slice(3).map((r) => (r.data as unknown as { id: string }).id);
    expect(updateIds).toEqual([...updateIds].sort());
    // The other workspace's event did not wait for `first`'s retries.
    const otherAt = accepted.findIndex((r) => r.data.resourceId === other);
    const firstAccepted = accepted.findIndex(
      (r, i) => r.data.resourceId === first && i > 0 && accepted.slice(0, i).filter((x) => x.data.resourceId === first).length === 2,
    );
    expect(otherAt).toBeGreaterThanOrEqual(0);
    expect(otherAt).toBeLessThan(firstAccepted);
    const deliveries = (await t.request('GET', `${base()}/${endpoint.id}/deliveries`, key)).json().data as { status: string }[];
    expect(deliveries.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('pings, and rotates the secret with an overlap in which both secrets verify', async () => {
    const endpoint = await addEndpoint('/rotating', { eventTypes: ['workspace.created'] });
    const ping = await t.request('POST', `${base()}/${endpoint.id}/ping`, key);
    expect(ping.statusCode).toBe(201);
    expect(ping.json()).toMatchObject({ eventType: 'webhook.ping', status: 'pending', attempts: 0 });
    await deliverAll();
    const [pinged] = receiver.at('/rotating');
    expect((new Webhook(endpoint.secret).verify(pinged!.body, pinged!.headers as Record<string, string>) as { type: string }).type).toBe(
      'webhook.ping',
    );

    const rotated = await t.request('POST', `${base()}/${endpoint.id}/rotate-secret`, key, { overlapSeconds: 3600 });
    expect(rotated.statusCode).toBe(200);
    const secret = rotated.json().secret as string;
    expect(secret).not.toBe(endpoint.secret);
    expect((await t.request('GET', `${base()}/${endpoint.id}`, key)).json().previousSecretExpiresAt).toEqual(
      rotated.json().previousSecretExpiresAt,
    );
    await workspace('Rotated');
    await deliverAll();
    const last = receiver.at('/rotating').at(-1)!;
    for (const s of [secret, endpoint.secret])
      expect(new Webhook(s).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ type: 'workspace.created' });

    // Without overlap the old secret stops at once.
    await t.request('POST', `${base()}/${endpoint.id}/rotate-secret`, key, { overlapSeconds: 0 });
    await workspace('Rotated again');
    await deliverAll();
    const after = receiver.at('/rotating').at(-1)!;
    expect(() => new Webhook(secret).verify(after.body, after.headers as Record<string, string>)).toThrow();

    expect((await t.request('DELETE', `${base()}/${endpoint.id}`, key)).statusCode).toBe(204);
    expect((await t.request('GET', `${base()}/${endpoint.id}`, key)).json().code).toBe('webhook_endpoint.not_found');
  });

  const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
  onPostgres(
    'a delivery committed by a replica that never sends it is sent by another replica’s workers',
    async () => {
      const endpoint = await addEndpoint('/handover', { eventTypes: ['workspace.created'] });
      await workspace('Handed over');
      // This app has no workers: as if it died right after the commit. Another replica with workers starts on the same database.
      const database = await Database.open({ kind: 'postgres', url: t.config.databaseUrl!, poolSize: 3 });
      const replica = await createApp(
        testConfig({
          DATABASE_URL: t.config.databaseUrl!,
          JOBS_ENABLED: 'true',
          WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
          WEBHOOKS_RETRY_SCHEDULE_SECONDS: '0',
        }),
        { database },
      );
      try {
        const deadline = Date.now() + 15_000;
        while (receiver.at('/handover').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const [got] = receiver.at('/handover');
        expect(new Webhook(endpoint.secret).verify(got!.body, got!.headers as Record<string, string>)).toMatchObject({
          type: 'workspace.created',
        });
      } finally {
        await replica.close();
      }
    },
    30_000,
  );

  it('refuses private and non-https URLs when private addresses are not allowed', async () => {
    const strict = await startTestApp();
    try {
      const org = await strict.organization('Strict');
      const post = (url: string) =>
        strict.request('POST', `/v1/organizations/${org.orgId}/webhook-endpoints`, { apiKey: org.apiKey }, { url });
      for (const url of [
        'http://example.com/hook',
        'https://127.0.0.1/hook',
        'https://localhost/hook',
        'https://10.1.2.3/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/latest',
        'https://user:pw@example.com/',
      ]) {
        const res = await post(url);
        expect([url, res.statusCode, res.json().code]).toEqual([url, 422, 'webhook_endpoint.invalid_url']);
      }
      expect((await post(receiver.url('/x'))).statusCode).toBe(422);
    } finally {
      await strict.close();
    }
  });
});
