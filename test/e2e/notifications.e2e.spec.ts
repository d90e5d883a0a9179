import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DELIVER_WEBHOOK_QUEUE, NOTIFY_QUEUE } from '@modules/events';
import { NotifyReaction } from '@modules/events/reactions/notify.reaction';
import { SseClient } from '../support/sse-client';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

describe('GET /v1/me/notifications: what concerns me, fed by events', () => {
  let t: TestApp;
  let base: string;
  let orgId: string;
  let apiKey: string;
  let owner: TestUser;

  const member = async (role: string) => {
    const user = await t.user();
    await t.request('GET', '/v1/me', { token: user.token });
    expect((await t.request('POST', `/v1/organizations/${orgId}/members`, { apiKey }, { userId: user.id, role })).statusCode).toBe(201);
    return user;
  };
  const analysisNeedingReview = async () => {
    const id = randomUUID();
    await t.rows(
      `insert into analyses (organization_id, id, source, status, priority, priority_rank, metrics, created_at, needs_review_at)
       values ($1, $2, 'upload', 'needs_review', 'medium', 2, '{"plays":0,"audioPlayedPercentage":0,"timeSpentSeconds":0}'::jsonb, now(), now())`,
      [orgId, id],
    );
    return id;
  };
  const mine = async (user: TestUser, query = '') => {
    const res = await t.request('GET', `/v1/me/notifications${query}`, { token: user.token });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      data: { id: string; kind: string; resourceId: string; readAt: string | null; organizationId: string }[];
      nextCursor: string | null;
    };
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOKS_RETRY_SCHEDULE_SECONDS: '0', RATE_LIMIT_PER_MINUTE: '0' },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    ({ orgId, apiKey, owner } = await t.organization('Notified'));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('tells a reviewer of an assignment (on the stream too), the others of an escalation, admins of a disabled endpoint; unread first, then read', async () => {
    const reviewer = await member('reviewer');
    const admin = await member('admin');
    const agent = await member('agent');
    const stream = await SseClient.open(`${base}/v1/organizations/${orgId}/events?types=notification.created`, {
      authorization: `Bearer ${reviewer.token}`,
    });
    const adminStream = await SseClient.open(`${base}/v1/organizations/${orgId}/events?types=notification.created`, {
      authorization: `Bearer ${admin.token}`,
    });
    try {
      const first = await analysisNeedingReview();
      expect(
        (await t.request('POST', `/v1/organizations/${orgId}/analyses/${first}/assign`, { apiKey }, { reviewerId: reviewer.id }))
          .statusCode,
      ).toBe(200);
      expect(await t.drain(NOTIFY_QUEUE)).toBeGreaterThan(0);
      const [assigned] = (await mine(reviewer)).data;
      expect(assigned).toMatchObject({ kind: 'analysis.assigned', resourceId: first, organizationId: orgId, readAt: null });
      await stream.until(() => stream.events.length === 1);
      expect(stream.events[0]!.data).toMatchObject({
        type: 'notification.created',
        payload: { userId: reviewer.id, kind: 'analysis.assigned' },
      });

      // The reviewer escalates: owner and admin hear of it, not the reviewer, not the agent.
      expect(
        (
          await t.request(
            'POST',
            `/v1/organizations/${orgId}/analyses/${first}/review`,
            { token: reviewer.token },
            { decision: 'escalated' },
          )
        ).statusCode,
      ).toBe(200);
      await t.drain(NOTIFY_QUEUE);
      for (const u of [owner, admin]) expect((await mine(u)).data.map((n) => n.kind)).toEqual(['analysis.escalated']);
      expect((await mine(reviewer)).data.map((n) => n.kind)).toEqual(['analysis.assigned']);
      expect((await mine(agent)).data).toEqual([]);

      // A webhook endpoint that fails past its last retry: admins are told.
      const endpoint = await t.request(
        'POST',
        `/v1/organizations/${orgId}/webhook-endpoints`,
        { apiKey },
        { url: 'http://127.0.0.1:9/down', eventTypes: ['workspace.created'] },
      );
      expect(endpoint.statusCode).toBe(201);
      await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'Trigger' });
      for (let i = 0; i < 5 && (await t.drain(DELIVER_WEBHOOK_QUEUE)) > 0; i++);
      await t.drain(NOTIFY_QUEUE);
      const adminList = await mine(admin);
      expect(adminList.data.map((n) => n.kind)).toEqual(['webhook_endpoint.disabled', 'analysis.escalated']);
      await adminStream.until(() => adminStream.events.length === 2);
      // Jobs run at least once: the same event handled again makes nothing twice.
      const [disabled] = await t.rows(
        `select event_id, type, resource_type, resource_id, occurred_at, payload from live_events where type = 'webhook_endpoint.disabled' and organization_id = $1`,
        [orgId],
      );
      await t.app.get(NotifyReaction).handle({
        eventId: String(disabled!.event_id),
        type: String(disabled!.type),
        organizationId: orgId,
        resourceType: String(disabled!.resource_type),
        resourceId: String(disabled!.resource_id),
        occurredAt: new Date(String(disabled!.occurred_at)).toISOString(),
        payload: disabled!.payload as object,
      });
      expect((await mine(admin)).data).toHaveLength(2);

      // Reading one moves it after the unread ones; someone else's is not found.
      const escalated = adminList.data[1]!;
      const read = await t.request('POST', `/v1/me/notifications/${adminList.data[0]!.id}/read`, { token: admin.token });
      expect(read.statusCode).toBe(200);
      expect(read.json().readAt).toEqual(expect.any(String));
      expect((await mine(admin)).data.map((n) => [n.kind, n.readAt === null])).toEqual([
        ['analysis.escalated', true],
        ['webhook_endpoint.disabled', false],
      ]);
      const page1 = await mine(admin, '?limit=1');
      expect(page1.data.map((n) => n.id)).toEqual([escalated.id]);
      const page2 = await mine(admin, `?limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`);
      expect(page2.data.map((n) => n.id)).toEqual([adminList.data[0]!.id]);
      expect(page2.nextCursor).toBeNull();
      const foreign = await t.request('POST', `/v1/me/notifications/${escalated.id}/read`, { token: agent.token });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('notification.not_found');
      expect((await t.request('GET', '/v1/me/notifications', { apiKey })).statusCode).toBe(403);
      // Notifications are personal: never on another member's stream.
      expect(stream.events.every((e) => e.data.payload.userId === reviewer.id)).toBe(true);
    } finally {
      stream.close();
      adminStream.close();
    }
  });
});
