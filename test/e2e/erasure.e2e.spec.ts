import { readdir, readFile } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE } from '@modules/analysis';
import { WRITE_EXPORT_ARCHIVE_QUEUE } from '@modules/data';
import { ERASE_PERSONAL_DATA_QUEUE, ErasePersonalDataReaction } from '@modules/privacy';
import { IMPORT_RECORDING_QUEUE } from '@modules/recording';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { verifyAuditExportFile } from '@infrastructure/audit/audit-export-file.verifier';
import { storedAnswerContext } from '@infrastructure/http/idempotency.interceptor';
import { FakeTwilioServer, fakeCall, twilioError } from '../fakes/fake-twilio-server';
import { pcmWav } from '../support/audio';
import { startTestApp, type TestApp } from '../support/test-app';
import { callSid, hex, samples, telephonyWorkspace, twilioPost, type TelephonyWorkspace } from '../support/twilio';

jest.setTimeout(300_000);

/** Every spelling of the person's number that must be gone, and the people who might search for it. */
const PERSON = '+14155550177';
const SPELLINGS = ['+14155550177', '14155550177', '4155550177', '(415) 555-0177', '415-555-0177', '+1 415 555 0177', '415 555 0177'];

interface Receipt {
  resourceType: string;
  resourceId: string;
  location: string;
  action: string;
  detail: Record<string, unknown>;
}

describe('erasure of a phone number', () => {
  let t: TestApp;
  let fake: FakeTwilioServer;
  let exportsDir: string;

  beforeAll(async () => {
    fake = await FakeTwilioServer.start();
    t = await startTestApp({ env: { TWILIO_API_BASE_URL: fake.baseUrl } });
    exportsDir = mkdtempSync(path.join(tmpdir(), 'erasure-audit-'));
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const org = (w: TelephonyWorkspace) => `/v1/organizations/${w.orgId}`;

  /** A call from `from`, its conversation written through the API, its recording left at Twilio until `imported`. */
  async function recordedCall(w: TelephonyWorkspace, from: string, words: string, options: { imported: boolean }) {
    const call = {
      ...samples.incoming_voice_call.params,
      AccountSid: w.accountSid,
      From: from,
      Caller: from,
      To: w.number,
      Called: w.number,
      CallSid: callSid(),
    };
    expect((await twilioPost(t, '/webhooks/twilio/voice', call, w.authToken)).statusCode).toBe(200);
    const [row] = await t.rows('select id from calls where call_sid = $1', [call.CallSid]);
    const callId = row!.id as string;
    const segments = [
      { speaker: 'caller', startMs: 0, endMs: 2000, text: words },
      { speaker: 'agent', startMs: 2000, endMs: 4000, text: 'Thank you for calling.' },
    ];
    const put = await t.request(
      'PUT',
      `${org(w)}/calls/${callId}/conversation`,
      { apiKey: w.apiKey },
      { transcript: segments.map((s) => s.text).join(' '), segments, summary: `Caller ${from} asked about a code.`, language: 'en' },
    );
    expect(put.statusCode).toBe(200);
    const recordingSid = `RE${hex(32)}`;
    const mediaPath = `/2010-04-01/Accounts/${w.accountSid}/Recordings/${recordingSid}`;
    fake.serveMedia(`${mediaPath}.wav`, pcmWav({ frames: 5 * 8000 }));
    const callback = {
      ...samples.recording_status_callback.completed,
      AccountSid: w.accountSid,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingStartTime: new Date().toUTCString(),
      RecordingUrl: `https://api.twilio.com${mediaPath}`,
    };
    expect((await twilioPost(t, '/webhooks/twilio/recording', callback, w.authToken)).statusCode).toBe(204);
    const [recording] = await t.rows('select id from recordings where twilio_recording_sid = $1', [recordingSid]);
    if (options.imported) {
      await t.drain(IMPORT_RECORDING_QUEUE);
      await t.drain(CREATE_ANALYSIS_QUEUE);
      await t.drain(PROCESS_ANALYSIS_QUEUE);
    }
    return { callId, recordingId: recording!.id as string, mediaPath };
  }

  /** Click-to-call to `to` with an Idempotency-Key: the stored answer names the number too. */
  async function clickToCall(w: TelephonyWorkspace, to: string) {
    fake.script('POST', `/2010-04-01/Accounts/${w.accountSid}/Calls.json`, [
      { status: 201, body: fakeCall({ sid: callSid(), account_sid: w.accountSid, to: `client:${w.identity}`, from: w.number }) },
    ]);
    const r = await t.request(
      'POST',
      `${org(w)}/workspaces/${w.workspaceId}/calls`,
      { apiKey: w.apiKey },
      { to, agentUserId: w.agent.id },
      { 'idempotency-key': `dial-${hex(8)}` },
    );
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  }

  async function erase(w: TelephonyWorkspace, phoneNumber: string) {
    const r = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { phoneNumber });
    expect(r.statusCode).toBe(202);
    expect(r.headers.location).toBe(`${org(w)}/erasure-requests/${r.json().id}`);
    return r.json() as { id: string; status: string; subject: string };
  }

  async function erasureRequest(w: TelephonyWorkspace, id: string) {
    const r = await t.request('GET', `${org(w)}/erasure-requests/${id}`, { apiKey: w.apiKey });
    expect(r.statusCode).toBe(200);
    return r.json() as {
      status: string;
      outcome: string | null;
      stepsDone: string[];
      attempts: number;
      lastError: string | null;
      receipt: Receipt[];
    };
  }

  /** Every row of every table (and pg-boss's jobs) that belongs to the organization or to no organization, as text. */
  async function everyRowOf(orgId: string): Promise<Map<string, string>> {
    const tables = await t.rows(
      `select c.table_schema as s, c.table_name as n, bool_or(c.column_name = 'organization_id') as scoped
         from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
        group by 1, 2`,
    );
    const texts = new Map<string, string>();
    for (const table of tables) {
      const name = `"${table.s as string}"."${table.n as string}"`;
      const where = table.scoped ? ` where organization_id::text = $1` : '';
      const rows = await t.rows(`select x::text as row from ${name} x${where}`, table.scoped ? [orgId] : []);
      texts.set(name, rows.map((r) => r.row as string).join('\n'));
    }
    return texts;
  }

  /** The answers kept for Idempotency-Key replays are sealed at rest: opened, as a replay would. */
  async function storedAnswers(orgId: string): Promise<string[]> {
    const box = t.app.get(SecretBox);
    const rows = await t.rows('select principal, key, response_body from idempotency_keys where organization_id = $1', [orgId]);
    return rows.map((r) =>
      box.open((r.response_body as { sealed: string }).sealed, storedAnswerContext(r.principal as string, r.key as string)),
    );
  }

  async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  }

  function mentionsOf(texts: Map<string, string>): string[] {
    return [...texts].flatMap(([table, text]) => SPELLINGS.filter((s) => text.includes(s)).map((s) => `${table}: ${s}`));
  }

  it('removes the number from every table, the object store, Twilio and the exports; the audit chain still verifies and reads [erased]', async () => {
    const w = await telephonyWorkspace(t);
    const bystander = await telephonyWorkspace(t);
    const words = 'This is 415 555 0177, please read me the one-time code from your bank';
    const stored = await recordedCall(w, PERSON, words, { imported: true });
    const other = await recordedCall(w, '+14155550999', 'Someone else entirely, reading a one-time code', { imported: true });
    const outboundCallId = await clickToCall(w, PERSON);
    const theirs = await recordedCall(bystander, PERSON, 'Same person, another organization', { imported: true });
    // Last, so no import drain picks it up: its only copy is still at Twilio.
    const atTwilio = await recordedCall(w, PERSON, 'Calling back about the gift card', { imported: false });
    const exported = await t.request('POST', `${org(w)}/exports`, { apiKey: w.apiKey });
    expect(exported.statusCode).toBe(202);
    await t.drain(WRITE_EXPORT_ARCHIVE_QUEUE);
    await t.sealAudit();

    // Before: the number is in the database, the archive, the audit trail as people read it; never in an audit row in clear.
    const before = await everyRowOf(w.orgId);
    expect(mentionsOf(before).length).toBeGreaterThan(3);
    expect(before.get('"public"."audit_logs"')).not.toContain(PERSON.slice(1));
    const startedBefore = (await t.request('GET', `${org(w)}/audit-logs?action=call.started&limit=100`, { apiKey: w.apiKey })).json().data;
    expect(startedBefore.map((l: { changes: { after: { from: string } } }) => l.changes.after.from)).toContain(PERSON);
    const objectsDir = path.join(t.config.dataDir, 'objects', w.orgId);
    const archive = (await filesUnder(objectsDir)).find((f) => f.includes('/exports/'));
    expect(await readFile(archive!, 'utf8')).toContain(PERSON);

    expect((await storedAnswers(w.orgId)).join('\n')).toContain(PERSON);
    // Twilio keeps its own record of each call (its call logs): it deletes them when asked.
    fake.script('DELETE', /\/Calls\/CA[0-9a-f]{32}\.json$/, [{ status: 204 }]);
    // A sealed value opens only in its own organization, and not once altered.
    const [sealedRow] = await t.rows(
      `select changes->'after'->>'from' as sealed from audit_logs where organization_id = $1 and action = 'call.started' and resource_id = $2`,
      [w.orgId, stored.callId],
    );
    const sealed = sealedRow!.sealed as string;
    const openIn = (orgId: string, envelope: string) =>
      t.app.get(UnitOfWork).run({ organizationId: orgId }, () => t.app.get(PersonalDataVault).open(orgId, [envelope]));
    expect(await openIn(w.orgId, sealed)).toEqual([PERSON]);
    expect(await openIn(bystander.orgId, sealed)).toEqual([null]);
    const middle = Math.floor(sealed.length * 0.8);
    const altered = `${sealed.slice(0, middle)}${sealed[middle] === 'A' ? 'B' : 'A'}${sealed.slice(middle + 1)}`;
    expect(await openIn(w.orgId, altered)).toEqual([null]);

    const request = await erase(w, '+1 (415) 555-0177');
    expect(request).toMatchObject({ status: 'pending', subject: '+1********77' });
    expect(await t.drain(ERASE_PERSONAL_DATA_QUEUE)).toBe(1);
    const done = await erasureRequest(w, request.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'erased', lastError: null });
    expect(done.stepsDone).toEqual([
      'locate',
      'recordings',
      'conversations',
      'analyses',
      'calls',
      'twilio_call_records',
      'event_copies',
      'stored_answers',
      'exports',
      'audit',
    ]);
    const receipt = (type: string, id: string, location: string) =>
      done.receipt.find((r) => r.resourceType === type && r.resourceId === id && r.location === location);
    expect(receipt('recording', stored.recordingId, 'object_storage')).toMatchObject({ action: 'deleted' });
    expect(receipt('recording', atTwilio.recordingId, 'twilio')).toMatchObject({ action: 'deleted', detail: { twilioAnswer: 'deleted' } });
    for (const callId of [stored.callId, atTwilio.callId, outboundCallId]) {
      expect(receipt('call', callId, 'database')).toMatchObject({ action: 'redacted' });
      const twilio = receipt('call', callId, 'twilio');
      expect(twilio).toMatchObject({ action: 'deleted', detail: { twilioAnswer: 'deleted' } });
      expect(fake.requestsTo(`/2010-04-01/Accounts/${w.accountSid}/Calls/${twilio!.detail.callSid as string}.json`, 'DELETE')).toHaveLength(
        1,
      );
    }
    expect(fake.requestsTo(new RegExp(`/Accounts/${bystander.accountSid}/Calls/`), 'DELETE')).toEqual([]);
    expect(fake.requestsTo(/\/Calls\/CA[0-9a-f]{32}\.json$/, 'DELETE')).toHaveLength(3);
    expect(done.receipt.filter((r) => r.resourceType === 'conversation').map((r) => r.action)).toEqual(['deleted', 'deleted']);
    expect(done.receipt.filter((r) => r.resourceType === 'analysis').map((r) => r.action)).toEqual(['redacted']);
    expect(receipt('organization_export', exported.json().id, 'export_archive')).toMatchObject({ action: 'deleted' });
    expect(done.receipt.find((r) => r.location === 'stored_answers')).toMatchObject({ action: 'redacted' });
    expect(done.receipt.find((r) => r.location === 'audit_trail')).toMatchObject({ action: 'shredded', resourceId: '+1********77' });
    expect(done.receipt.some((r) => r.action === 'kept')).toBe(false);
    expect(JSON.stringify(done)).not.toContain('5550177');

    // After: not one spelling of it anywhere the organization's data lives.
    expect(mentionsOf(await everyRowOf(w.orgId))).toEqual([]);
    const answers = (await storedAnswers(w.orgId)).join('\n');
    expect(answers).toContain('[erased]');
    expect(SPELLINGS.filter((s) => answers.includes(s))).toEqual([]);
    for (const file of await filesUnder(objectsDir)) {
      const text = await readFile(file, 'latin1');
      expect(SPELLINGS.filter((s) => text.includes(s)).map((s) => `${file}: ${s}`)).toEqual([]);
    }
    expect(await filesUnder(path.join(objectsDir, 'exports'))).toEqual([]);
    expect(fake.hasRecordingMedia(stored.mediaPath)).toBe(false);
    expect(fake.hasRecordingMedia(atTwilio.mediaPath)).toBe(false);
    // The other caller's call, recording and conversation are untouched; so is the other organization's copy of the person.
    expect(fake.hasRecordingMedia(other.mediaPath)).toBe(false); // deleted after its import, as configured: not by the erasure
    const [otherCall] = await t.rows('select from_number from calls where id = $1', [other.callId]);
    expect(otherCall!.from_number).toBe('+14155550999');
    expect(await t.rows('select id from conversations where call_id = $1', [other.callId])).toHaveLength(1);
    const [theirCall] = await t.rows('select from_number from calls where id = $1', [theirs.callId]);
    expect(theirCall!.from_number).toBe(PERSON);
    const theirAudit = (
      await t.request('GET', `/v1/organizations/${bystander.orgId}/audit-logs?action=call.started`, { apiKey: bystander.apiKey })
    ).json();
    expect(theirAudit.data[0].changes.after.from).toBe(PERSON);

    // The audit trail: rows and hashes unchanged, the chain verifies, the values read [erased].
    await t.sealAudit();
    const startedAfter = (await t.request('GET', `${org(w)}/audit-logs?action=call.started&limit=100`, { apiKey: w.apiKey })).json().data;
    const fromValues = startedAfter.map((l: { changes: { after: { from: string } } }) => l.changes.after.from);
    expect(fromValues.filter((f: string) => f === '[erased]')).toHaveLength(2);
    expect(fromValues).toContain('+14155550999');
    expect((await t.request('GET', `${org(w)}/audit-logs/verify`, { apiKey: w.apiKey })).json()).toMatchObject({
      valid: true,
      brokenAt: null,
    });
    const auditExport = await t.request('GET', `${org(w)}/audit-logs/export?format=ndjson`, { apiKey: w.apiKey });
    const file = path.join(exportsDir, 'after-erasure.ndjson');
    writeFileSync(file, auditExport.body);
    expect(SPELLINGS.filter((s) => auditExport.body.includes(s))).toEqual([]);
    expect(await verifyAuditExportFile(file)).toMatchObject({ valid: true, brokenAt: null });
    const erasureRows = await t.rows(`select action, changes::text as c from audit_logs where resource_id = $1 order by id`, [request.id]);
    expect(erasureRows.map((r) => r.action)).toEqual(['erasure_request.requested', 'erasure_request.completed']);
    expect(erasureRows.map((r) => r.c).join()).not.toContain('5550177');

    // Asking again finds nothing left, and says so.
    const again = await erase(w, PERSON);
    await t.drain(ERASE_PERSONAL_DATA_QUEUE);
    const second = await erasureRequest(w, again.id);
    expect(second).toMatchObject({ status: 'completed', outcome: 'erased' });
    expect(second.receipt.filter((r) => r.action === 'deleted' || r.action === 'redacted')).toEqual([]);
  });

  it('keeps what a legal hold covers, says so, and erases the rest', async () => {
    const w = await telephonyWorkspace(t);
    const number = '+14155550188';
    const held = await recordedCall(w, number, 'Held for the fraud case', { imported: true });
    const free = await recordedCall(w, number, 'An ordinary call', { imported: true });
    const hold = await t.request(
      'PUT',
      `${org(w)}/recordings/${held.recordingId}/legal-hold`,
      { apiKey: w.apiKey },
      { hold: true, reason: 'case 42' },
    );
    expect(hold.statusCode).toBe(200);

    const request = await erase(w, number);
    await t.drain(ERASE_PERSONAL_DATA_QUEUE);
    const done = await erasureRequest(w, request.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'partially_erased' });
    const kept = done.receipt.filter((r) => r.action === 'kept');
    expect(kept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resourceType: 'recording', resourceId: held.recordingId, detail: { reason: 'legal_hold' } }),
        expect.objectContaining({
          resourceType: 'call',
          resourceId: held.callId,
          detail: expect.objectContaining({ reason: 'legal_hold' }),
        }),
        expect.objectContaining({ location: 'audit_trail', detail: expect.objectContaining({ reason: 'legal_hold' }) }),
      ]),
    );
    const [heldRecording] = await t.rows('select status from recordings where id = $1', [held.recordingId]);
    expect(heldRecording!.status).toBe('stored');
    const [heldCall] = await t.rows('select from_number from calls where id = $1', [held.callId]);
    expect(heldCall!.from_number).toBe(number);
    expect(await t.rows('select id from conversations where call_id = $1', [held.callId])).toHaveLength(1);
    const [freeCall] = await t.rows('select from_number from calls where id = $1', [free.callId]);
    expect(freeCall!.from_number).toBe('[erased]');
    const [freeRecording] = await t.rows('select status from recordings where id = $1', [free.recordingId]);
    expect(freeRecording!.status).toBe('deleted');
  });

  it('resumes after a crash mid-erasure: Twilio down on the first attempt, the retry finishes with one receipt per copy', async () => {
    const w = await telephonyWorkspace(t);
    const number = '+14155550199';
    const first = await recordedCall(w, number, 'First call', { imported: false });
    const second = await recordedCall(w, number, 'Second call', { imported: false });
    // Twilio fails the second recording's deletion once: the attempt dies after the first recording is gone.
    fake.script('DELETE', `${second.mediaPath}.json`, [twilioError(503), { status: 204 }]);

    const request = await erase(w, number);
    await expect(t.app.get(ErasePersonalDataReaction).erase(w.orgId, request.id)).rejects.toThrow();
    const interrupted = await erasureRequest(w, request.id);
    expect(interrupted).toMatchObject({ status: 'running', attempts: 1, stepsDone: ['locate'] });
    expect(interrupted.lastError).toBeTruthy();
    expect(
      interrupted.receipt
        .filter((r) => r.resourceId === first.recordingId)
        .map((r) => `${r.location}:${r.action}`)
        .sort(),
    ).toEqual(['object_storage:nothing_found', 'twilio:deleted']);
    const [firstCall] = await t.rows('select from_number from calls where id = $1', [first.callId]);
    expect(firstCall!.from_number).toBe(number);

    await t.app.get(ErasePersonalDataReaction).erase(w.orgId, request.id);
    const done = await erasureRequest(w, request.id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'erased', attempts: 2, lastError: null });
    const keys = done.receipt.map((r) => `${r.resourceType}:${r.resourceId}:${r.location}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(done.receipt.filter((r) => r.resourceId === first.recordingId && r.location === 'twilio')).toEqual([
      expect.objectContaining({ action: 'deleted' }),
    ]);
    expect(fake.requestsTo(`${first.mediaPath}.json`, 'DELETE')).toHaveLength(1);
    expect(fake.requestsTo(`${second.mediaPath}.json`, 'DELETE')).toHaveLength(2);
    expect(mentionsOf(await everyRowOf(w.orgId)).filter((m) => m.includes('5550199'))).toEqual([]);
  });

  it('answers bad input and foreign callers with problems, and changes nothing', async () => {
    const w = await telephonyWorkspace(t);
    const outsider = await telephonyWorkspace(t);
    const count = async () =>
      Number((await t.rows('select count(*)::int as n from erasure_requests where organization_id = $1', [w.orgId]))[0]!.n);
    for (const phoneNumber of ['12', 'not a number', '4155550123', '']) {
      const r = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { phoneNumber });
      expect([400, 422]).toContain(r.statusCode);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const wrongShape = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { phoneNumber: 15551234567 });
    expect(wrongShape.statusCode).toBe(400);
    const foreign = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: outsider.apiKey }, { phoneNumber: PERSON });
    expect(foreign.statusCode).toBe(404);
    const agent = await t.request('POST', `${org(w)}/erasure-requests`, { token: w.agent.token }, { phoneNumber: PERSON });
    expect(agent.statusCode).toBe(403);
    expect(await count()).toBe(0);

    // A replayed request (same Idempotency-Key) is the same erasure, not a second one.
    const once = { 'idempotency-key': `erase-${hex(8)}` };
    const first = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { phoneNumber: '+14155550166' }, once);
    const replayed = await t.request('POST', `${org(w)}/erasure-requests`, { apiKey: w.apiKey }, { phoneNumber: '+14155550166' }, once);
    expect(first.statusCode).toBe(202);
    expect(replayed.json().id).toBe(first.json().id);
    expect(await count()).toBe(1);

    const mine = await erase(w, PERSON);
    expect((await t.request('GET', `${org(w)}/erasure-requests/${mine.id}`, { apiKey: outsider.apiKey })).statusCode).toBe(404);
    expect((await t.request('GET', `${org(outsider)}/erasure-requests/${mine.id}`, { apiKey: outsider.apiKey })).json()).toMatchObject({
      code: 'erasure_request.not_found',
    });
    expect((await t.request('GET', `${org(w)}/erasure-requests/${mine.id}`, { token: w.agent.token })).statusCode).toBe(403);
  });
});
