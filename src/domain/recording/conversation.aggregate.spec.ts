import { Conversation, TRANSCRIPTION_LEASE_MS } from './conversation.aggregate';

const ORG = '0190f1f2-0000-7000-8000-000000000001';
const now = new Date('2025-01-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const content = {
  transcript: 'hello',
  segments: [{ speaker: 'unknown', startMs: 0, endMs: 500, text: 'hello' }],
  summary: null,
  language: 'en',
};

describe('Conversation: one transcription per recording', () => {
  it('the first asker claims the recording; others are told it is busy until the transcript is written, then that it is written', () => {
    const c = Conversation.start(ORG, { callId: null, recordingId: 'rec-1' }, now);
    expect(c.claimTranscription('rec-1', now)).toBe('claimed');
    expect(c.claimTranscription('rec-1', later(1000))).toBe('busy');
    c.write({ ...content, source: 'transcriber', writtenBy: 'transcriber:whisper-1', now: later(2000), recordingId: 'rec-1' });
    expect(c.snapshot()).toMatchObject({ transcribingUntil: null, recordingId: 'rec-1' });
    expect(c.claimTranscription('rec-1', later(3000))).toBe('written');
    expect(c.hasTranscriptOf('rec-1')).toBe(true);
  });

  it('a holder that died frees the recording when its lease runs out; one that let go frees it at once', () => {
    const c = Conversation.start(ORG, { callId: 'call-1', recordingId: null }, now);
    expect(c.claimTranscription('rec-1', now)).toBe('claimed');
    expect(c.claimTranscription('rec-1', later(TRANSCRIPTION_LEASE_MS - 1))).toBe('busy');
    expect(c.claimTranscription('rec-1', later(TRANSCRIPTION_LEASE_MS + 1))).toBe('claimed');
    c.releaseTranscription();
    expect(c.claimTranscription('rec-1', later(TRANSCRIPTION_LEASE_MS + 2))).toBe('claimed');
    c.noteNoTranscription('Transcription failed: HTTP 413');
    expect(c.snapshot()).toMatchObject({ transcribingUntil: null, transcriptionNote: 'Transcription failed: HTTP 413' });
  });

  it("a person's conversation stands for every recording of the call: nothing is transcribed", () => {
    const c = Conversation.start(ORG, { callId: 'call-1', recordingId: null }, now);
    c.write({ ...content, source: 'api', writtenBy: 'user:u1', now });
    expect(c.claimTranscription('rec-2', now)).toBe('written');
  });

  it("the transcriber's transcript of one recording is not another recording's", () => {
    const c = Conversation.start(ORG, { callId: 'call-1', recordingId: null }, now);
    c.write({ ...content, source: 'transcriber', writtenBy: 'transcriber:whisper-1', now, recordingId: 'rec-1' });
    expect(c.hasTranscriptOf('rec-1')).toBe(true);
    expect(c.hasTranscriptOf('rec-2')).toBe(false);
  });

  it("an upload's conversation is on the audit trail under its recording, a call's under the call", () => {
    const upload = Conversation.start(ORG, { callId: null, recordingId: 'rec-1' }, now);
    upload.write({ ...content, source: 'transcriber', writtenBy: 'transcriber:whisper-1', now, recordingId: 'rec-1' });
    const call = Conversation.start(ORG, { callId: 'call-1', recordingId: null }, now);
    call.write({ ...content, source: 'transcriber', writtenBy: 'transcriber:whisper-1', now, recordingId: 'rec-1' });
    expect(upload.pullEvents().map((e) => [e.type, e.resourceId])).toEqual([['conversation.written', 'rec-1']]);
    expect(call.pullEvents().map((e) => [e.type, e.resourceId])).toEqual([['conversation.written', 'call-1']]);
  });
});
