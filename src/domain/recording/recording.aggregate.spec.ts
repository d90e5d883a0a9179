import { Recording } from './recording.aggregate';

const ORG = '0193a000-0000-7000-8000-000000000001';
const WS = '0193a000-0000-7000-8000-000000000002';
const NOW = new Date('2026-03-01T09:00:00.000Z');
const STORED = { backend: 'local', objectKey: 'k', contentType: 'audio/wav', sizeBytes: 10, sha256: 'a'.repeat(64), now: NOW };

function received(outcome: Parameters<typeof Recording.receive>[0]['outcome'] = { kind: 'completed' }): Recording {
  const r = Recording.receive({
    organizationId: ORG,
    workspaceId: WS,
    callId: null,
    twilioRecordingSid: `RE${'1'.repeat(32)}`,
    twilioAccountSid: `AC${'2'.repeat(32)}`,
    mediaUrl: 'https://api.twilio.com/recording',
    source: 'DialVerb',
    channels: 2,
    durationSeconds: 12,
    startedAt: null,
    outcome,
    now: NOW,
  });
  r.pullEvents();
  return r;
}

const types = (r: Recording) => r.pullEvents().map((e) => e.type);

describe('Recording', () => {
  it('starts pending (to import), absent or failed from what Twilio reported', () => {
    expect(received().needsImport).toBe(true);
    expect(received({ kind: 'absent', errorCode: null }).status).toBe('absent');
    const failed = received({ kind: 'failed', errorCode: '13227' });
    expect([failed.status, failed.snapshot().failureReason]).toEqual(['failed', 'Twilio reported the recording failed (error 13227)']);
  });

  it('is stored once: the same hash again is a no-op, a stored recording is not stored differently', () => {
    const r = received();
    expect(r.markStored(STORED)).toBe(true);
    expect(r.markStored(STORED)).toBe(false);
    expect(() => r.markStored({ ...STORED, sha256: 'b'.repeat(64) })).toThrow(expect.objectContaining({ code: 'recording.invalid_state' }));
    expect(types(r)).toEqual(['recording.stored']);
  });

  it('counts import attempts and fails for good with the reason; only a failed import is retried', () => {
    const r = received();
    expect(() => r.retryImport()).toThrow(expect.objectContaining({ code: 'recording.not_retryable' }));
    r.startImportAttempt();
    r.startImportAttempt();
    r.markImportFailed('timeout', 1);
    expect(r.snapshot()).toMatchObject({ status: 'failed', importAttempts: 2, failureReason: 'timeout' });
    r.retryImport();
    expect(r.status).toBe('pending');
    expect(types(r)).toEqual(['recording.import_failed', 'recording.import_retried']);
  });

  it("deletes Twilio's copy only after ours is verified", () => {
    const r = received();
    expect(() => r.markDeletedAtTwilio(NOW)).toThrow(expect.objectContaining({ code: 'recording.not_verified' }));
    r.markStored(STORED);
    expect(r.canDeleteAtTwilio).toBe(true);
    r.markDeletedAtTwilio(NOW);
    r.markDeletedAtTwilio(NOW);
    expect(r.canDeleteAtTwilio).toBe(false);
    expect(types(r)).toEqual(['recording.stored', 'recording.deleted_at_twilio']);
  });

  it('plays back only when stored', () => {
    const r = received();
    expect(() => r.issuePlayback(NOW)).toThrow(expect.objectContaining({ code: 'recording.not_available' }));
    r.markStored(STORED);
    r.pullEvents();
    r.issuePlayback(NOW);
    expect(types(r)).toEqual(['recording.playback_issued']);
  });

  it('is not deleted under legal hold; deleted once otherwise', () => {
    const r = received();
    r.markStored(STORED);
    r.setLegalHold(true, 'litigation');
    r.setLegalHold(true, 'again');
    expect(() => r.markDeleted('requested', NOW)).toThrow(expect.objectContaining({ code: 'recording.legal_hold' }));
    r.setLegalHold(false, null);
    r.markDeleted('retention', NOW);
    r.markDeleted('retention', NOW);
    expect(r.status).toBe('deleted');
    expect(types(r)).toEqual(['recording.stored', 'recording.legal_hold_changed', 'recording.legal_hold_changed', 'recording.deleted']);
  });
});
