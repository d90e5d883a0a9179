import { randomUUID } from 'node:crypto';
import { numberSid } from '../support/twilio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * A request that changes something and answers with the resource runs in one transaction
 * after authentication: the handler checks its own preconditions (the workspace exists, the
 * organization's settings) and the answer is read in the command's transaction. Counted on
 * the real database: every transaction the app opens goes through `db.transaction` (the auth
 * guard and the idempotency interceptor use plain statements, outside any transaction).
 */
describe('one transaction per request', () => {
  let t: TestApp;
  let orgId: string;
  let owner: TestUser;
  let apiKey: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ orgId, owner, apiKey } = await t.organization());
    const ws = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, { name: 'Support' });
    expect(ws.statusCode).toBe(201);
    workspaceId = ws.json().id;
  });
  afterAll(async () => {
    await t.close();
  });

  /** The response, and how many transactions the app opened while answering it. */
  async function counted(
    send: () => ReturnType<TestApp['request']>,
  ): Promise<{ res: Awaited<ReturnType<TestApp['request']>>; transactions: number }> {
    const spy = jest.spyOn(t.database.db, 'transaction');
    try {
      const res = await send();
      return { res, transactions: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  it('adds a phone number (workspace check, command and answer) in one transaction', async () => {
    const phoneNumber = `+1415555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
    const { res, transactions } = await counted(() =>
      t.request(
        'POST',
        `/v1/organizations/${orgId}/workspaces/${workspaceId}/phone-numbers`,
        { apiKey },
        { phoneNumber, twilioSid: numberSid() },
      ),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ phoneNumber, workspaceId });
    expect(transactions).toBe(1);
  });

  it('refuses a phone number for a workspace that does not exist in that one transaction, and writes nothing', async () => {
    const { res, transactions } = await counted(() =>
      t.request(
        'POST',
        `/v1/organizations/${orgId}/workspaces/${randomUUID()}/phone-numbers`,
        { apiKey },
        { phoneNumber: '+14155550987', twilioSid: numberSid() },
      ),
    );
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('workspace.not_found');
    expect(transactions).toBe(1);
    expect(await t.rows('select id from phone_numbers where e164 = $1', ['+14155550987'])).toEqual([]);
  });

  it("reviews an analysis (the organization's playback setting, command and answer) in one transaction", async () => {
    const settings = await t.request('PATCH', `/v1/organizations/${orgId}`, { apiKey }, { settings: { minimumReviewPlayback: 0.2 } });
    expect(settings.statusCode).toBe(200);
    const analysisId = randomUUID();
    await t.rows(
      `insert into analyses (organization_id, id, source, status, priority, priority_rank, metrics, created_at, needs_review_at)
       values ($1, $2, 'upload', 'needs_review', 'high', 3, '{"plays":0,"audioPlayedPercentage":0,"timeSpentSeconds":0}'::jsonb, now(), now())`,
      [orgId, analysisId],
    );
    const claimed = await t.request('POST', `/v1/organizations/${orgId}/review-queue/claim`, { token: owner.token });
    expect(claimed.json().id).toBe(analysisId);
    const url = `/v1/organizations/${orgId}/analyses/${analysisId}`;
    await t.request('POST', `${url}/review-metrics`, { token: owner.token }, { audioPlayedPercentage: 10 });

    // Under the organization's 20%, not the default 50%: the handler read the setting.
    const short = await counted(() => t.request('POST', `${url}/review`, { token: owner.token }, { decision: 'cleared' }));
    expect(short.res.statusCode).toBe(409);
    expect(short.res.json()).toMatchObject({ code: 'analysis.review_incomplete', details: { required: 20 } });
    expect(short.transactions).toBe(1);

    await t.request('POST', `${url}/review-metrics`, { token: owner.token }, { audioPlayedPercentage: 25 });
    const cleared = await counted(() => t.request('POST', `${url}/review`, { token: owner.token }, { decision: 'cleared', notes: 'fine' }));
    expect(cleared.res.statusCode).toBe(200);
    expect(cleared.res.json()).toMatchObject({ id: analysisId, status: 'cleared' });
    expect(cleared.transactions).toBe(1);
  });
});
