import { createHash } from 'node:crypto';
import { FakeTwilioServer } from '../fakes/fake-twilio-server';
import { IMPORT_RECORDING_QUEUE, RecordingRetentionJob, TRANSCRIBE_RECORDING_QUEUE } from '../../src/modules/recording';
import type { Clock } from '../../src/domain/shared/clock';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';
import { startTestApp, type TestApp } from '../support/test-app';
import { pcmWav } from '../support/audio';

class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A small stereo WAV. */
function wav(seconds: number): Buffer {
  return pcmWav({ frames: 8000 * seconds, channels: 2, sample: (f, c) => Math.sin(f / (c === 0 ? 10 : 7)) * 8000 });
}

describe('recording', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let w: TelephonyWorkspace;
  const clock = new MovableClock();

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl }, clock });
    w = await telephonyWorkspace(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function recordedCall(audio: Buffer) {
    const call = { ...samples.incoming_voice_call.params, AccountSid: w.accountSid, To: w.number, Called: w.number, CallSid: callSid() };
    await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, audio);
    fake.script('DELETE', `${mediaPath}.json`, [{ status: 204 }]);
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingChannels: '2',
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    const r = await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken);
    expect(r.statusCode).toBe(204);
    const [callRow] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    return { callId: callRow!.id as string, recordingSid, mediaPath, callback };
  }

  it('copies a completed recording into storage, verifies it, then deletes Twilio\'s copy, all on the audit trail', async () => {
    const audio = wav(2);
    const { callId, recordingSid, mediaPath, callback } = await recordedCall(audio);
    const listed = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/recordings`, { apiKey: w.apiKey });
    expect(listed.json().data).toEqual([expect.objectContaining({ twilioRecordingSid: recordingSid, status: 'pending', channels: 2 })]);

    // A duplicate callback changes nothing.
    await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken);
    expect(await t.rows('select id from recordings where twilio_recording_sid = $1', [recordingSid])).toHaveLength(1);

    expect(await t.drain(IMPORT_RECORDING_QUEUE)).toBeGreaterThan(0);
    const id = listed.json().data[0].id;
    const detail = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${id}`, { apiKey: w.apiKey })).json();
    expect(detail).toMatchObject({
      status: 'stored',
      sizeBytes: audio.length,
      sha256: createHash('sha256').update(audio).digest('hex'),
      objectKey: `${w.orgId}/calls/${callId}/${id}.wav`,
      storageBackend: 'local',
    });
    expect(detail.twilioDeletedAt).not.toBeNull();
    // A retried step may delete twice (a reused keep-alive socket can drop the first answer); Twilio answers 404 then, which is fine.
    expect(fake.requestsTo(`${mediaPath}.json`, 'DELETE').length).toBeGreaterThanOrEqual(1);
    expect(detail.custody.map((c: { action: string }) => c.action)).toEqual(['recording.received', 'recording.stored', 'recording.deleted_at_twilio']);
    expect(detail.custody[1].details).toMatchObject({ sha256: detail.sha256, sizeBytes: audio.length });

    // No transcriber configured: the conversation says why.
    await t.drain(TRANSCRIBE_RECORDING_QUEUE);
    const conversation = await t.request('GET', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey });
    expect(conversation.json().transcriptionNote).toMatch(/No transcription service/);
  });

  it('plays back through a short-lived signed URL, each issue audited; tampered or expired URLs are refused', async () => {
    const audio = wav(1);
    const { callId } = await recordedCall(audio);
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [rec] = await t.rows('select id from recordings where call_id = $1', [callId]);
    const issued = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${rec!.id}/playback-url`, { token: w.owner.token }, undefined, { 'user-agent': 'player/1' });
    expect(issued.statusCode).toBe(201);
    const { url, expiresAt } = issued.json();
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    const path = url.replace(t.config.publicBaseUrl, '');
    const got = await t.app.inject({ method: 'GET', url: path });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(audio)).toBe(true);
    const range = await t.app.inject({ method: 'GET', url: path, headers: { range: 'bytes=0-43' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const tampered = await t.app.inject({ method: 'GET', url: path.replace(/signature=([^&]{4})/, 'signature=AAAA') });
    expect(tampered.statusCode).toBe(403);
    const [audit] = await t.rows(`select actor_id, user_agent from audit_logs where action = 'recording.playback_issued' and resource_id = $1`, [rec!.id]);
    expect(audit).toEqual({ actor_id: w.owner.id, user_agent: 'player/1' });

    clock.offsetMs = 301_000;
    try {
      const expired = await t.app.inject({ method: 'GET', url: path });
      expect(expired.statusCode).toBe(403);
      expect(expired.json().code).toBe('storage.url_expired');
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('keeps recordings until retention, except under legal hold, and deletion keeps the hash', async () => {
    const a = await recordedCall(wav(1));
    const b = await recordedCall(wav(1));
    await t.drain(IMPORT_RECORDING_QUEUE);
    const [ra] = await t.rows('select id, sha256, object_key from recordings where call_id = $1', [a.callId]);
    const [rb] = await t.rows('select id from recordings where call_id = $1', [b.callId]);
    const hold = await t.request('PUT', `/v1/organizations/${w.orgId}/recordings/${rb!.id}/legal-hold`, { apiKey: w.apiKey }, { hold: true, reason: 'case 42' });
    expect(hold.json().legalHold).toBe(true);
    const patched = await t.request('PATCH', `/v1/organizations/${w.orgId}`, { apiKey: w.apiKey }, { settings: { retentionDays: 30 } });
    expect(patched.json().settings).toMatchObject({ retentionDays: 30, reviewThreshold: 0.6 });

    const retention = t.app.get(RecordingRetentionJob);
    expect((await retention.run()).deleted).toBe(0);
    clock.offsetMs = 31 * 86_400_000;
    try {
      // Every stored recording of the earlier tests is past retention too; only the held one stays.
      expect((await retention.run()).deleted).toBeGreaterThanOrEqual(1);
    } finally {
      clock.offsetMs = 0;
    }
    const deleted = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${ra!.id}`, { apiKey: w.apiKey })).json();
    expect(deleted).toMatchObject({ status: 'deleted', sha256: ra!.sha256 });
    expect(deleted.custody.map((c: { action: string; actorType: string }) => c.action)).toContain('recording.deleted');
    const kept = (await t.request('GET', `/v1/organizations/${w.orgId}/recordings/${rb!.id}`, { apiKey: w.apiKey })).json();
    expect(kept.status).toBe('stored');
    const refused = await t.request('DELETE', `/v1/organizations/${w.orgId}/recordings/${rb!.id}`, { apiKey: w.apiKey });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('recording.legal_hold');
    const gone = await t.request('POST', `/v1/organizations/${w.orgId}/recordings/${ra!.id}/playback-url`, { apiKey: w.apiKey });
    expect(gone.statusCode).toBe(409);
  });

  it('writes a conversation through the API, audited without the words', async () => {
    const { callId } = await recordedCall(wav(1));
    const put = await t.request('PUT', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { token: w.owner.token }, {
      transcript: 'Hello, I am calling from your bank.',
      segments: [{ speaker: 'channel:1', startMs: 0, endMs: 1500, text: 'Hello, I am calling from your bank.' }],
      summary: 'Caller claims to be the bank.',
      language: 'en',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ source: 'api', writtenBy: `user:${w.owner.id}`, language: 'en' });
    const audit = await t.rows(`select changes from audit_logs where action = 'conversation.written' and resource_id = $1`, [callId]);
    expect(JSON.stringify(audit)).not.toContain('bank');
    const bad = await t.request('PUT', `/v1/organizations/${w.orgId}/calls/${callId}/conversation`, { apiKey: w.apiKey }, { transcript: 'x', segments: [{ speaker: 'a', startMs: 10, endMs: 5, text: 'x' }] });
    expect(bad.statusCode).toBe(422);
  });
});
