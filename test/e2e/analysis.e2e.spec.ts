import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { AnalyticsRefreshJob, CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { answersWell, FakeChatCompletionsServer } from '../fakes/fake-chat-completions-server';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { pcmWav } from '../support/audio';

/** Five seconds at 8 kHz: as long as the recording callback says (RecordingDuration 5). */
function wav(): Buffer {
  return pcmWav({ frames: 5 * 8000 });
}

type Segment = { speaker: string; startMs: number; endMs: number; text: string };

/** A call recorded with its conversation written through the API, imported, analysed. */
async function record(t: TestApp, fake: FakeTwilioServer, w: TelephonyWorkspace, transcript: Segment[], language = 'en') {
  const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
  await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
  const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
  const callId = row!.id as string;
  await t.request(
    'PUT',
    `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
    { apiKey: w.apiKey },
    {
      transcript: transcript.map((s) => s.text).join(' '),
      segments: transcript,
      language,
    },
  );
  const recordingSid = `RE${hex(32)}`;
  const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
  fake.serveMedia(`${mediaPath}.wav`, wav());
  fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
  await twilioPost(
    t,
    '/webhooks/twilio/recording',
    {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    },
    w.authToken,
  );
  await t.drain(IMPORT_RECORDING_QUEUE);
  await t.drain(CREATE_ANALYSIS_QUEUE);
  await t.drain(PROCESS_ANALYSIS_QUEUE);
  const [analysis] = await t.rows('select id from analyses where call_id = $1', [callId]);
  return { callId, analysisId: analysis!.id as string };
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

  const recordedCall = (transcript: Segment[], language = 'en') => record(t, fake, w, transcript, language);

  it('scores a fraudulent call into the review queue with reasons and evidence; a reviewer claims, listens and clears it; analytics count it', async () => {
    const { analysisId } = await recordedCall([
      { speaker: 'channel:1', startMs: 0, endMs: 4000, text: 'Hello, this is the fraud department of your bank.' },
      { speaker: 'channel:1', startMs: 4000, endMs: 9000, text: 'Please read me the one-time code we just sent you, it is urgent.' },
    ]);
    const a = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(a.status).toBe('needs_review');
    expect(a.result.fraudScore).toBeGreaterThanOrEqual(0.6);
    expect(a.result.scoringConfigVersion).toBe(0);
    expect(a.result.scorerVersion).toBe('builtin-2.0.0');
    expect(a.result.notes).toContain('Speakers: channel:1 is the caller, channel:2 the agent (inbound call)');
    const otp = a.result.riskFactors.find((f: { code: string }) => f.code === 'otp_request');
    expect(otp.evidence[0]).toMatchObject({
      kind: 'phrase',
      phrase: 'read me the one-time code',
      speaker: 'channel:1',
      startMs: 4000,
      endMs: 9000,
    });
    expect(a.history).toHaveLength(1);
    expect(a.transcript.transcript).toContain('one-time code');

    const claimed = await t.request('POST', `/v1/organizations/${w.orgId}/review-queue/claim`, { token: reviewer.token });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ id: analysisId, status: 'in_review', assignedTo: reviewer.id });
    expect((await t.request('POST', `/v1/organizations/${w.orgId}/review-queue/claim`, { token: reviewer.token })).statusCode).toBe(204);

    const priority = claimed.json().priority;
    if (priority === 'high') {
      const early = await t.request(
        'POST',
        `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`,
        { token: reviewer.token },
        { decision: 'cleared' },
      );
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('analysis.review_incomplete');
    }
    await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/analyses/${analysisId}/review-metrics`,
      { token: reviewer.token },
      { audioPlayedPercentage: 80, timeSpentSeconds: 40 },
    );
    const cleared = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`,
      { token: reviewer.token },
      { decision: 'cleared', notes: 'Customer confirmed they hung up.' },
    );
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ status: 'cleared', reviewedBy: reviewer.id, reviewDecision: 'cleared' });
    expect(cleared.json().completedAt).not.toBeNull();
    const [load] = await t.rows('select open_assignments from reviewer_loads where organization_id = $1 and user_id = $2', [
      w.orgId,
      reviewer.id,
    ]);
    expect(load!.open_assignments).toBe(0);

    const invalid = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/analyses/${analysisId}/review`,
      { token: reviewer.token },
      { decision: 'cleared' },
    );
    expect(invalid.statusCode).toBe(409);
    expect(invalid.json().code).toBe('analysis.invalid_transition');

    await t.app.get(AnalyticsRefreshJob).run();
    const today = new Date().toISOString().slice(0, 10);
    const summary = (
      await t.request('GET', `/v1/organizations/${w.orgId}/analytics/summary?from=${today}&to=${today}`, { apiKey: w.apiKey })
    ).json();
    expect(summary.refreshedAt).not.toBeNull();
    expect(summary.days).toEqual([expect.objectContaining({ day: today, analyses: 1, activeReviewers: 1 })]);
    expect(summary.days[0].callsTotal).toBeGreaterThanOrEqual(1);

    const audit = await t.rows(`select action from audit_logs where resource_type = 'analysis' and resource_id = $1 order by id`, [
      analysisId,
    ]);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'analysis.created',
        'analysis.processing_started',
        'analysis.scored',
        'analysis.assigned',
        'analysis.reviewed',
      ]),
    );
  });

  it('keeps an ordinary call out of the queue, and a new scoring version changes new scores, not old ones', async () => {
    const { analysisId } = await recordedCall([
      { speaker: 'channel:1', startMs: 0, endMs: 3000, text: 'Hi, when will my parcel be delivered to my house?' },
    ]);
    const before = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(before.status).toBe('completed');
    const current = (await t.request('GET', `/v1/organizations/${w.orgId}/scoring-configs`, { apiKey: w.apiKey })).json().current;
    const config = { ...current.config };
    config.phraseCategories = [...config.phraseCategories, { code: 'parcel_question', weight: 0.9, phrases: ['parcel be delivered'] }];
    const created = await t.request('POST', `/v1/organizations/${w.orgId}/scoring-configs`, { apiKey: w.apiKey }, { config });
    expect(created.statusCode).toBe(201);
    expect(created.json().version).toBe(1);
    const rescored = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/analyses/rescore`,
      { apiKey: w.apiKey },
      { analysisIds: [analysisId] },
    );
    expect(rescored.json().rescored).toEqual([analysisId]);
    const after = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(after.result.scoringConfigVersion).toBe(1);
    expect(after.result.scorerVersion).toBe('builtin-2.0.0');
    expect(after.result.fraudScore).toBeGreaterThan(before.result.fraudScore);
    expect(after.history.map((h: { result: { scoringConfigVersion: number } }) => h.result.scoringConfigVersion)).toEqual([0, 1]);
    expect(after.history[0].result).toEqual(before.result);
    await expect(t.rows('update scoring_configs set version = 9 where organization_id = $1', [w.orgId])).rejects.toThrow(/append-only/);
  });
});

describe('analysis: who asked, in which language', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const analysed = async (transcript: Segment[], language = 'en') => {
    const { analysisId } = await record(t, fake, w, transcript, language);
    return (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
  };

  it('an agent’s identity check (channel:2 of an inbound call) stays out of the queue; the same request from the caller goes in', async () => {
    const check = [
      { speaker: 'channel:1', startMs: 0, endMs: 3000, text: 'Hi, I want to check my mortgage balance.' },
      {
        speaker: 'channel:2',
        startMs: 3000,
        endMs: 9000,
        text: 'To verify you, I have texted a one-time passcode to your phone. Could you read it back to me?',
      },
    ];
    expect((await analysed(check)).status).toBe('completed');
    const scam = check.map((s) => ({ ...s, speaker: s.speaker === 'channel:1' ? 'channel:2' : 'channel:1' }));
    expect((await analysed(scam)).status).toBe('needs_review');
  });

  it('a Spanish scam is read in Spanish, whatever the conversation declared; a bank that never asks for codes is not', async () => {
    const scam = await analysed(
      [
        {
          speaker: 'channel:1',
          startMs: 0,
          endMs: 6000,
          text: 'Buenos días, le llamo del departamento de seguridad de su banco, hemos detectado un cargo sospechoso.',
        },
        {
          speaker: 'channel:1',
          startMs: 6000,
          endMs: 12000,
          text: 'Le va a llegar un código por SMS. En cuanto le llegue, me lo dicta, por favor, es urgente.',
        },
      ],
      'en',
    );
    expect(scam.status).toBe('needs_review');
    expect(scam.result.riskFactors.map((f: { code: string }) => f.code)).toContain('otp_request');
    const bank = await analysed(
      [
        {
          speaker: 'channel:2',
          startMs: 0,
          endMs: 8000,
          text: 'Le recordamos que nunca le pediremos sus claves ni los códigos que le llegan por SMS.',
        },
      ],
      'es',
    );
    expect(bank.status).toBe('completed');
  });

  it('a language without patterns is said in the notes, and scores nothing for what was said', async () => {
    const a = await analysed(
      [
        {
          speaker: 'channel:1',
          startMs: 0,
          endMs: 6000,
          text: 'Guten Tag, hier ist die Betrugsabteilung Ihrer Bank. Bitte nennen Sie mir sofort den Code aus der SMS.',
        },
      ],
      'de',
    );
    expect(a.result.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Language de has no rule patterns/)]));
    expect(a.result.riskFactors.filter((f: { evidence: { kind: string }[] }) => f.evidence.some((e) => e.kind === 'phrase'))).toEqual([]);
  });
});

describe('analysis with the model scorer (SCORING_MODEL_API_URL)', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let model: FakeChatCompletionsServer;
  let w: TelephonyWorkspace;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    model = await FakeChatCompletionsServer.start({ key: 'sk-model-test' });
    t = await startTestApp({
      env: {
        TWILIO_API_BASE_URL: fake.baseUrl,
        SCORING_MODEL_API_URL: model.baseUrl,
        SCORING_MODEL_API_KEY: 'sk-model-test',
        SCORING_MODEL: 'fraud-small',
      },
    });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    await model.close();
  });

  it('keeps the built-in factors beside the model’s verified ones, names both scorers, and drops invented quotes', async () => {
    model.enqueue(
      answersWell({
        factors: [
          { code: 'advance_fee', weight: 0.7, quotes: ['a redelivery charge of one ninety-nine'] },
          { code: 'otp_request', weight: 0.9, quotes: ['read me the code from the text'] },
        ],
      }),
    );
    const { analysisId } = await record(t, fake, w, [
      { speaker: 'channel:1', startMs: 0, endMs: 5000, text: 'Hello, this is the parcel depot, your package is stuck at our warehouse.' },
      {
        speaker: 'channel:1',
        startMs: 5000,
        endMs: 12000,
        text: 'There is a redelivery charge of one ninety-nine, I can take it now over the phone.',
      },
    ]);
    const a = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(a.result.scorerVersion).toBe('builtin-2.0.0+model:fraud-small/p1');
    expect(a.status).toBe('needs_review');
    const codes = a.result.riskFactors.map((f: { code: string }) => f.code);
    expect(codes).toContain('model_advance_fee');
    expect(codes).not.toContain('model_otp_request');
    expect(a.result.riskFactors.find((f: { code: string }) => f.code === 'model_advance_fee').evidence).toEqual([
      {
        kind: 'phrase',
        phrase: 'a redelivery charge of one ninety-nine',
        text: 'There is a redelivery charge of one ninety-nine, I can take it now over the phone.',
        speaker: 'channel:1',
        startMs: 5000,
        endMs: 12000,
      },
    ]);
    expect(a.result.notes).toContain('Model fraud-small: 1 quoted passage was not in the transcript and was dropped');
    expect(model.requests.at(-1)!.bearer).toBe('sk-model-test');

    // Rescoring while the model is down: the built-in score, named alone; the model's result stays in the history.
    model.enqueue({ status: 503, body: '{"error":{"message":"overloaded"}}' });
    const rescored = await t.request(
      'POST',
      `/v1/organizations/${w.orgId}/analyses/rescore`,
      { apiKey: w.apiKey },
      { analysisIds: [analysisId] },
    );
    expect(rescored.json().rescored).toEqual([analysisId]);
    const after = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    expect(after.history.map((h: { result: { scorerVersion: string } }) => h.result.scorerVersion)).toEqual([
      'builtin-2.0.0+model:fraud-small/p1',
      'builtin-2.0.0',
    ]);
    expect(after.result.notes.at(-1)).toMatch(/^Model fraud-small not used \(refused \(HTTP 503\): overloaded\)/);
  });
});
