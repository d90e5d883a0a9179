import { IMPORT_RECORDING_QUEUE } from '../../src/modules/recording';
import { AnalyticsRefreshJob, CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '../../src/modules/analysis';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { pcmWav } from '../support/audio';

function wav(): Buffer {
  return pcmWav({ frames: 8000 });
}

describe('analysis: from a fraudulent call to a cleared review', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  let reviewer: TestUser;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);
    reviewer = await t.user();
    await t.request('GET', '/v1/me', { token: reviewer.token });
    await t.request('POST', `/v1/organizations/${w.orgId}/members`, { apiKey: w.apiKey }, { userId: reviewer.id, role: 'reviewer' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function recordedCall(transcript: { speaker: string; startMs: number; endMs: number; text: string }[]) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    const callId = row!.id as string;
    await t.request('PUT', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey }, {
      transcript: transcript.map((s) => s.text).join(' '),
      segments: transcript,
      language: 'en',
    });
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, wav());
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    await twilioPost(t, '/webhooks/twilio/recording', {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    }, w.authToken);
    await t.drain(IMPORT_RECORDING_QUEUE);
    await t.drain(CREATE_ANALYSIS_QUEUE);
    await t.drain(PROCESS_ANALYSIS_QUEUE);
    const [analysis] = await t.rows('select id from analyses where call_id = $1', [callId]);
    return { callId, analysisId: analysis!.id as string };
  }

  it('scores a fraudulent call into the review queue with reasons and evidence; a reviewer claims, listens and clears it; analytics count it', async () => {
    const { analysisId } = await recordedCall([
      { speaker: 'channel:1', startMs: 0, endMs: 4000, text: 'Hello, this is the fraud department of your bank.' },
      { speaker: 'channel:1', startMs: 4000, endMs: 9000, text: 'Please read me the one-time code we just sent you, it is urgent.' },
    ]);
    const a = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(a.status).toBe('needs_review');
    expect(a.result.fraudScore).toBeGreaterThanOrEqual(0.6);
    expect(a.result.scoringConfigVersion).toBe(0);
    const otp = a.result.riskFactors.find((f: { code: string }) => f.code === 'otp_request');
    expect(otp.evidence[0]).toMatchObject({ kind: 'phrase', speaker: 'channel:1', startMs: 4000, endMs: 9000 });
    expect(a.history).toHaveLength(1);
    expect(a.transcript.transcript).toContain('one-time code');

    const claimed = await t.request('POST', `/v1/organizations/${w.orgId}/review-queue/claim`, { token: reviewer.token });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ id: analysisId, status: 'in_review', assignedTo: reviewer.id });
    expect((await t.request('POST', `/v1/organizations/${w.orgId}/review-queue/claim`, { token: reviewer.token })).statusCode).toBe(204);

    const priority = claimed.json().priority;
    if (priority === 'high') {
      const early = await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`, { token: reviewer.token }, { decision: 'cleared' });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('analysis.review_incomplete');
    }
    await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${analysisId}/review-metrics`, { token: reviewer.token }, { audioPlayedPercentage: 80, timeSpentSeconds: 40 });
    const cleared = await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`, { token: reviewer.token }, { decision: 'cleared', notes: 'Customer confirmed they hung up.' });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ status: 'cleared', reviewedBy: reviewer.id, reviewDecision: 'cleared' });
    expect(cleared.json().completedAt).not.toBeNull();
    const [load] = await t.rows('select open_assignments from reviewer_loads where organization_id = $1 and user_id = $2', [w.orgId, reviewer.id]);
    expect(load!.open_assignments).toBe(0);

    const invalid = await t.request('POST', `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`, { token: reviewer.token }, { decision: 'cleared' });
    expect(invalid.statusCode).toBe(409);
    expect(invalid.json().code).toBe('analysis.invalid_transition');

    await t.app.get(AnalyticsRefreshJob).run();
    const today = new Date().toISOString().slice(0, 10);
    const summary = (await t.request('GET', `/v1/organizations/${w.orgId}/analytics/summary?from=${today}&to=${today}`, { apiKey: w.apiKey })).json();
    expect(summary.refreshedAt).not.toBeNull();
    expect(summary.days).toEqual([expect.objectContaining({ day: today, analyses: 1, activeReviewers: 1 })]);
    expect(summary.days[0].callsTotal).toBeGreaterThanOrEqual(1);

    const audit = await t.rows(`select action from audit_logs where resource_type = 'analysis' and resource_id = $1 order by id`, [analysisId]);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['analysis.created', 'analysis.processing_started', 'analysis.scored', 'analysis.assigned', 'analysis.reviewed']),
    );
  });

  it('keeps an ordinary call out of the queue, and a new scoring version changes new scores, not old ones', async () => {
    const { analysisId } = await recordedCall([{ speaker: 'channel:1', startMs: 0, endMs: 3000, text: 'Hi, when will my parcel be delivered to my house?' }]);
    const before = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(before.status).toBe('completed');
    const current = (await t.request('GET', `/v1/organizations/${w.orgId}/scoring-configs`, { apiKey: w.apiKey })).json().current;
    const config = { ...current.config };
    config.phraseCategories = [...config.phraseCategories, { code: 'parcel_question', weight: 0.9, phrases: ['parcel be delivered'] }];
    const created = await t.request('POST', `/v1/organizations/${w.orgId}/scoring-configs`, { apiKey: w.apiKey }, { config });
    expect(created.statusCode).toBe(201);
    expect(created.json().version).toBe(1);
    const rescored = await t.request('POST', `/v1/organizations/${w.orgId}/analyses/rescore`, { apiKey: w.apiKey }, { analysisIds: [analysisId] });
    expect(rescored.json().rescored).toEqual([analysisId]);
    const after = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(after.result.scoringConfigVersion).toBe(1);
    expect(after.result.fraudScore).toBeGreaterThan(before.result.fraudScore);
    expect(after.history.map((h: { result: { scoringConfigVersion: number } }) => h.result.scoringConfigVersion)).toEqual([0, 1]);
    expect(after.history[0].result).toEqual(before.result);
    await expect(t.rows('update scoring_configs set version = 9 where organization_id = $1', [w.orgId])).rejects.toThrow(/append-only/);
  });
});
