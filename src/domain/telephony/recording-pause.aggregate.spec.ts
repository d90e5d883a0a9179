import { assertMayControlRecording, overlapsPause, pausedIntervalsOf, RecordingPause } from './recording-pause.aggregate';

const base = {
  organizationId: 'org',
  workspaceId: 'ws',
  callId: 'call',
  callSid: 'CA1',
  recordingSid: 'RE1',
  behavior: 'skip' as const,
  byUserId: 'agent',
};

describe('RecordingPause', () => {
  it('opens with its offset from the recording start and closes once, recording both events', () => {
    const start = new Date('2026-02-12T12:00:00Z');
    const pause = RecordingPause.open({ ...base, at: new Date('2026-02-12T12:00:30Z'), recordingStartedAt: start });
    expect(pause.pullEvents().map((e) => e.type)).toEqual(['call.recording_paused']);
    expect(pause.snapshot()).toMatchObject({ startOffsetMs: 30_000, resumedAt: null });
    pause.resume({ callSid: 'CA1', at: new Date('2026-02-12T12:00:45Z'), recordingStartedAt: start, byUserId: null });
    expect(pause.snapshot()).toMatchObject({ startOffsetMs: 30_000, endOffsetMs: 45_000, resumedByUserId: null });
    expect(pause.pullEvents().map((e) => e.type)).toEqual(['call.recording_resumed']);
    expect(() => pause.resume({ callSid: 'CA1', at: new Date(), recordingStartedAt: null, byUserId: null })).toThrow(
      expect.objectContaining({ code: 'call.recording_not_paused' }),
    );
  });

  it('without a recording start, keeps times and works the end offset out when the start becomes known', () => {
    const pause = RecordingPause.open({ ...base, at: new Date('2026-02-12T12:00:30Z'), recordingStartedAt: null });
    expect(pause.snapshot().startOffsetMs).toBeNull();
    pause.resume({ callSid: 'CA1', at: new Date('2026-02-12T12:00:29Z'), recordingStartedAt: null, byUserId: 'agent' });
    // A resume reported before the pause: an empty interval, never a negative one.
    expect(pause.snapshot().resumedAt).toEqual(new Date('2026-02-12T12:00:30Z'));
    expect(pause.snapshot().endOffsetMs).toBeNull();
  });
});

describe('who may pause a recording', () => {
  const call = { status: 'in_progress', agentUserId: 'agent', answeredByUserId: null, participants: [{ userId: 'other-agent' }] };
  it('the call’s agent, an agent participant or an admin, while the call is in progress', () => {
    expect(() => assertMayControlRecording(call, { userId: 'agent', admin: false })).not.toThrow();
    expect(() => assertMayControlRecording(call, { userId: 'other-agent', admin: false })).not.toThrow();
    expect(() => assertMayControlRecording(call, { userId: null, admin: true })).not.toThrow();
    expect(() => assertMayControlRecording(call, { userId: 'stranger', admin: false })).toThrow(
      expect.objectContaining({ code: 'call.not_on_call' }),
    );
    expect(() => assertMayControlRecording({ ...call, status: 'ringing' }, { userId: 'agent', admin: false })).toThrow(
      expect.objectContaining({ code: 'call.not_in_progress' }),
    );
  });
});

describe('paused intervals', () => {
  it('uses the offsets when known, else the time since the answer', () => {
    const answeredAt = new Date('2026-02-12T12:00:00Z');
    const intervals = pausedIntervalsOf(
      [
        {
          pausedAt: new Date('2026-02-12T12:00:10Z'),
          resumedAt: new Date('2026-02-12T12:00:20Z'),
          startOffsetMs: 9_000,
          endOffsetMs: 19_000,
          behavior: 'skip',
        },
        { pausedAt: new Date('2026-02-12T12:01:00Z'), resumedAt: null, startOffsetMs: null, endOffsetMs: null, behavior: 'skip' },
      ],
      answeredAt,
    );
    expect(intervals.map((i) => [i.startMs, i.endMs])).toEqual([
      [9_000, 19_000],
      [60_000, null],
    ]);
    const timed = intervals.filter((i): i is typeof i & { startMs: number } => i.startMs !== null);
    expect(overlapsPause(timed, 10_000, 12_000)).toBe(true);
    expect(overlapsPause(timed, 19_000, 25_000)).toBe(false);
    expect(overlapsPause(timed, 59_000, 61_000)).toBe(true); // an open pause runs to the end
  });
});
