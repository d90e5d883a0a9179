import { CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { EXPORT_ARCHIVE_RETENTION_QUEUE, WRITE_EXPORT_ARCHIVE_QUEUE } from '@modules/data';
import { IMPORT_RECORDING_QUEUE, RecordingRetentionJob } from '@modules/recording';
import type { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { pcmWav } from '../support/audio';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

jest.setTimeout(120_000);

class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const DAY = 86_400_000;

interface Receipt {
  cause: string;
  resourceType: string;
  resourceId: string;
  location: string;
  action: string;
}

describe('retention covers every copy, each deletion with a receipt', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  const clock = new MovableClock();

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl, EXPORT_ARCHIVE_RETENTION_DAYS: '7' }, clock });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** A call whose caller asks for a one-time code: transcript, recording and an analysis quoting it. */
  async function analysedCall(words: string) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    const callId = row!.id as string;
    const segments = [{ speaker: 'caller', startMs: 0, endMs: 3000, text: words }];
    await t.request(
      'PUT',
      `/v1/organizations/${w.orgId}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      { transcript: words, segments },
    );
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, pcmWav({ frames: 5 * 8000 }));
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
    const [recording] = await t.rows('select id from recordings where call_id = $1', [callId]);
    const [analysis] = await t.rows('select id from analyses where call_id = $1', [callId]);
    return { callId, recordingId: recording!.id as string, analysisId: analysis!.id as string };
  }

  const receipts = async (cause: string): Promise<Receipt[]> => {
    const r = await t.request('GET', `/v1/organizations/${w.orgId}/deletion-receipts?cause=${cause}&limit=100`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    return r.json().data as Receipt[];
  };
  const evidenceTexts = async (analysisId: string) => {
    const a = (await t.request('GET', `/v1/organizations/${w.orgId}/analyses/${analysisId}`, { apiKey: w.apiKey })).json();
    return {
      score: a.result.fraudScore as number,
      texts: (a.result.riskFactors as { evidence: { kind: string; text?: string }[] }[]).flatMap((f) =>
        f.evidence.filter((e) => e.kind === 'phrase').map((e) => e.text),
      ),
    };
  };

  it("deletes a recording's transcript and its analysis's quoted words with the audio, and writes a receipt for each; a held one keeps all", async () => {
    const expired = await analysedCall('Please read me the one-time code we just sent you');
    const held = await analysedCall('Read me the one-time code, it is urgent');
    expect((await evidenceTexts(expired.analysisId)).texts.join()).toContain('one-time code');
    await t.request('PUT', `/v1/organizations/${w.orgId}/recordings/${held.recordingId}/legal-hold`, { apiKey: w.apiKey }, { hold: true });
    await t.request('PATCH', `/v1/organizations/${w.orgId}`, { apiKey: w.apiKey }, { settings: { retentionDays: 30 } });
    const scoreBefore = (await evidenceTexts(expired.analysisId)).score;

    clock.offsetMs = 31 * DAY;
    try {
      expect((await t.app.get(RecordingRetentionJob).run()).deleted).toBe(1);
    } finally {
      clock.offsetMs = 0;
    }

    expect(await t.rows('select id from conversations where call_id = $1', [expired.callId])).toHaveLength(0);
    const after = await evidenceTexts(expired.analysisId);
    expect(after.score).toBe(scoreBefore);
    expect(after.texts.length).toBeGreaterThan(0);
    expect(after.texts.every((text) => text === '[erased]')).toBe(true);
    const history = await t.rows('select result::text as r from analysis_results where analysis_id = $1', [expired.analysisId]);
    // The rule's phrase stays (it is the scorer's, and explains the score); the caller's own words are gone.
    expect(history.map((h) => h.r).join()).not.toContain('we just sent you');

    const retention = await receipts('retention');
    const of = (type: string, location: string) => retention.find((r) => r.resourceType === type && r.location === location);
    expect(of('recording', 'object_storage')).toMatchObject({ resourceId: expired.recordingId, action: 'deleted' });
    expect(of('conversation', 'database')).toMatchObject({ action: 'deleted' });
    expect(of('analysis', 'database')).toMatchObject({ resourceId: expired.analysisId, action: 'redacted' });
    expect(of('recording', 'audit_trail')).toBeDefined();
    // The held recording, its transcript and its evidence are untouched, and nothing claims otherwise.
    expect(retention.some((r) => [held.recordingId, held.analysisId].includes(r.resourceId))).toBe(false);
    expect(await t.rows('select id from conversations where call_id = $1', [held.callId])).toHaveLength(1);
    expect((await evidenceTexts(held.analysisId)).texts.join()).toContain('one-time code');
  });

  it('a recording deleted on request takes its copies too, with receipts of cause request', async () => {
    const call = await analysedCall('Give me the one-time code now');
    const r = await t.request('DELETE', `/v1/organizations/${w.orgId}/recordings/${call.recordingId}`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(204);
    expect(await t.rows('select id from conversations where call_id = $1', [call.callId])).toHaveLength(0);
    const requested = await receipts('request');
    expect(requested.filter((x) => x.resourceId === call.recordingId || x.resourceId === call.analysisId).map((x) => x.location)).toEqual(
      expect.arrayContaining(['object_storage', 'database', 'audit_trail']),
    );
  });

  it('an export archive past EXPORT_ARCHIVE_RETENTION_DAYS is deleted with a retention receipt', async () => {
    const requested = await t.request('POST', `/v1/organizations/${w.orgId}/exports`, { apiKey: w.apiKey });
    expect(requested.statusCode).toBe(202);
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    clock.offsetMs = 8 * DAY;
    try {
      await t.app.get(JobQueue).send(EXPORT_ARCHIVE_RETENTION_QUEUE, {});
      await t.drain(EXPORT_ARCHIVE_RETENTION_QUEUE);
    } finally {
      clock.offsetMs = 0;
    }
    expect((await receipts('retention')).filter((r) => r.resourceType === 'organization_export')).toEqual([
      expect.objectContaining({ resourceId: requested.json().id, location: 'export_archive', action: 'deleted' }),
    ]);
  });

  it('receipts are the organization’s own: another organization sees none of them, and bad filters are problems', async () => {
    const other = await telephonyWorkspace(t);
    const theirs = await t.request('GET', `/v1/organizations/${other.orgId}/deletion-receipts`, { apiKey: other.apiKey });
    expect(theirs.json().data).toEqual([]);
    expect((await t.request('GET', `/v1/organizations/${w.orgId}/deletion-receipts`, { apiKey: other.apiKey })).statusCode).toBe(404);
    const bad = await t.request('GET', `/v1/organizations/${w.orgId}/deletion-receipts?cause=everything`, { apiKey: w.apiKey });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.request('GET', `/v1/organizations/${w.orgId}/deletion-receipts`, { token: w.agent.token })).statusCode).toBe(403);
  });
});
