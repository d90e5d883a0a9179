import { DomainError } from '../shared/domain-error';
import type { DomainEvent } from '../shared/domain-event';
import { Analysis, type AnalysisResult } from './analysis.aggregate';
import { ANALYSIS_STATUSES, type AnalysisStatus } from './analysis-status';

const ORG = '0193a000-0000-7000-8000-000000000001';
const RECORDING = '0193a000-0000-7000-8000-000000000002';
const CALL = '0193a000-0000-7000-8000-000000000003';
const REVIEWER = '0193a000-0000-7000-8000-0000000000a1';
const OTHER_REVIEWER = '0193a000-0000-7000-8000-0000000000a2';
const ADMIN = '0193a000-0000-7000-8000-0000000000ad';
const THRESHOLD = 0.6;
const T0 = new Date('2026-03-01T09:00:00.000Z');
const T1 = new Date('2026-03-01T10:00:00.000Z');

function result(fraudScore: number, scoringConfigVersion = 0): AnalysisResult {
  return {
    fraudScore,
    riskFactors:
      fraudScore > 0
        ? [
            {
              code: 'otp_request',
              weight: fraudScore,
              evidence: [
                {
                  kind: 'phrase',
                  phrase: 'one-time code',
                  text: 'read me the one-time code',
                  speaker: 'channel:1',
                  startMs: 0,
                  endMs: 1000,
                },
              ],
            },
          ]
        : [],
    scorerVersion: 'builtin-test',
    scoringConfigVersion,
    notes: [],
    scoredAt: T0.toISOString(),
  };
}

const LOW = 0.2; // below the threshold: completed, low priority
const MEDIUM = 0.7; // at or above the threshold: needs_review, medium priority
const HIGH = 0.9; // needs_review, high priority

function create(): Analysis {
  return Analysis.create({ organizationId: ORG, recordingId: RECORDING, callId: CALL, source: 'call', now: T0 });
}

function clearBy(a: Analysis, reviewerId: string, mayActForOthers = false, minimumPlaybackShare = 0.5): string {
  return a.review({ decision: 'cleared', notes: 'fine', reviewerId, mayActForOthers, minimumPlaybackShare, now: T1 });
}

/** Every state, reached through the aggregate's own methods only. */
const PATHS: Record<AnalysisStatus, (a: Analysis) => void> = {
  pending: () => undefined,
  processing: (a) => a.startProcessing(),
  completed: (a) => {
    a.startProcessing();
    a.scored(result(LOW), THRESHOLD, T0);
  },
  error: (a) => {
    a.startProcessing();
    a.failed('transcription timed out');
  },
  needs_review: (a) => {
    a.startProcessing();
    a.scored(result(MEDIUM), THRESHOLD, T0);
  },
  in_review: (a) => {
    PATHS.needs_review(a);
    a.assign(REVIEWER, REVIEWER, true, T0);
  },
  cleared: (a) => {
    PATHS.in_review(a);
    clearBy(a, REVIEWER);
  },
};

/** An analysis in `status`, with the events and results of getting there already handed over. */
function at(status: AnalysisStatus): Analysis {
  const a = create();
  PATHS[status](a);
  expect(a.status).toBe(status);
  a.pullEvents();
  a.pullNewResults();
  return a;
}

/** Every move the API offers, with the state it leads to and the event it records. */
const MOVES = {
  startProcessing: { to: 'processing', event: 'analysis.processing_started', run: (a: Analysis) => a.startProcessing() },
  'scored below the threshold': { to: 'completed', event: 'analysis.scored', run: (a: Analysis) => a.scored(result(LOW), THRESHOLD, T1) },
  'scored at the threshold': {
    to: 'needs_review',
    event: 'analysis.scored',
    run: (a: Analysis) => a.scored(result(THRESHOLD), THRESHOLD, T1),
  },
  failed: { to: 'error', event: 'analysis.failed', run: (a: Analysis) => a.failed('scorer crashed') },
  retry: { to: 'pending', event: 'analysis.retried', run: (a: Analysis) => a.retry() },
  assign: { to: 'in_review', event: 'analysis.assigned', run: (a: Analysis) => a.assign(OTHER_REVIEWER, ADMIN, false, T1) },
  release: { to: 'needs_review', event: 'analysis.released', run: (a: Analysis) => a.release() },
  'review cleared': { to: 'cleared', event: 'analysis.reviewed', run: (a: Analysis) => clearBy(a, REVIEWER) },
  'review escalated': {
    to: 'needs_review',
    event: 'analysis.reviewed',
    run: (a: Analysis) =>
      a.review({
        decision: 'escalated',
        notes: 'call the customer',
        reviewerId: REVIEWER,
        mayActForOthers: false,
        minimumPlaybackShare: 0.5,
        now: T1,
      }),
  },
  reopen: { to: 'needs_review', event: 'analysis.reopened', run: (a: Analysis) => a.reopen(T1) },
} satisfies Record<string, { to: AnalysisStatus; event: string; run: (a: Analysis) => unknown }>;
type Move = keyof typeof MOVES;

/** docs/api.md's lifecycle, move by move; everything else is refused. */
const ALLOWED: Record<AnalysisStatus, Move[]> = {
  pending: ['startProcessing'],
  processing: ['scored below the threshold', 'scored at the threshold', 'failed'],
  error: ['retry'],
  needs_review: ['assign'],
  completed: ['assign'],
  in_review: ['review cleared', 'review escalated', 'release'],
  cleared: ['reopen'],
};

/** The edges drawn in docs/api.md's "Analysis lifecycle". */
const API_EDGES = [
  'pending->processing',
  'processing->completed',
  'processing->needs_review',
  'processing->error',
  'error->pending',
  'needs_review->in_review',
  'completed->in_review',
  'in_review->cleared',
  'in_review->needs_review',
  'cleared->needs_review',
];

const MATRIX = ANALYSIS_STATUSES.flatMap((from) =>
  (Object.keys(MOVES) as Move[]).map((move) => ({ from, move, allowed: ALLOWED[from].includes(move) })),
);

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the call to throw');
}

describe('Analysis lifecycle', () => {
  it('the matrix covers the 7 states and 10 moves, and its allowed moves are exactly the edges of docs/api.md', () => {
    expect(ANALYSIS_STATUSES).toHaveLength(7);
    expect(MATRIX).toHaveLength(7 * 10);
    const edges = MATRIX.filter((c) => c.allowed).map((c) => `${c.from}->${MOVES[c.move].to}`);
    expect([...new Set(edges)].sort()).toEqual([...API_EDGES].sort());
    expect(MATRIX.filter((c) => c.allowed)).toHaveLength(11);
  });

  describe.each(MATRIX.filter((c) => c.allowed))('$from --$move--> allowed', ({ from, move }) => {
    it('moves to the next state and records exactly one event for it', () => {
      const a = at(from);
      const { to, event, run } = MOVES[move];
      run(a);
      expect(a.status).toBe(to);
      const events = a.pullEvents();
      expect(events).toHaveLength(1);
      const [e] = events as [DomainEvent<{ status: string }>];
      expect(e.type).toBe(event);
      expect(e.resourceType).toBe('analysis');
      expect(e.organizationId).toBe(ORG);
      expect(e.resourceId).toBe(a.id);
      expect(e.payload).toMatchObject({ status: to, recordingId: RECORDING, callId: CALL });
      expect(e.changes.before).toMatchObject({ status: from });
      expect(e.changes.after).toMatchObject({ status: to });
      expect(a.pullEvents()).toEqual([]);
    });
  });

  describe.each(MATRIX.filter((c) => !c.allowed))('$from --$move--> refused', ({ from, move }) => {
    it('throws analysis.invalid_transition and changes nothing', () => {
      const a = at(from);
      const before = structuredClone(a.snapshot());
      const error = thrown(() => MOVES[move].run(a));
      expect(error.code).toBe('analysis.invalid_transition');
      expect(error.kind).toBe('conflict');
      expect(a.status).toBe(from);
      expect(a.snapshot()).toEqual(before);
      expect(a.pullEvents()).toEqual([]);
      expect(a.pullNewResults()).toEqual([]);
    });
  });
});

describe('Analysis', () => {
  it('starts pending with one analysis.created event', () => {
    const a = create();
    expect(a.snapshot()).toMatchObject({
      status: 'pending',
      priority: null,
      result: null,
      assignedTo: null,
      metrics: { plays: 0, audioPlayedPercentage: 0, timeSpentSeconds: 0 },
      createdAt: T0,
    });
    const events = a.pullEvents();
    expect(events.map((e) => e.type)).toEqual(['analysis.created']);
    expect(events[0]!.changes.after).toMatchObject({ status: 'pending', source: 'call', recordingId: RECORDING, callId: CALL });
  });

  it('records one event per transition along the whole lifecycle, in order', () => {
    const a = create();
    a.startProcessing();
    a.failed('storage unavailable');
    a.retry();
    a.startProcessing();
    a.scored(result(HIGH), THRESHOLD, T0);
    a.assign(REVIEWER, REVIEWER, true, T0);
    a.release();
    a.assign(OTHER_REVIEWER, ADMIN, false, T0);
    a.review({
      decision: 'escalated',
      notes: null,
      reviewerId: OTHER_REVIEWER,
      mayActForOthers: false,
      minimumPlaybackShare: 0.5,
      now: T1,
    });
    a.assign(REVIEWER, ADMIN, false, T1);
    a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 100, timeSpentSeconds: 30 });
    clearBy(a, REVIEWER);
    a.reopen(T1);
    expect(a.pullEvents().map((e) => e.type)).toEqual([
      'analysis.created',
      'analysis.processing_started',
      'analysis.failed',
      'analysis.retried',
      'analysis.processing_started',
      'analysis.scored',
      'analysis.assigned',
      'analysis.released',
      'analysis.assigned',
      'analysis.reviewed',
      'analysis.assigned',
      'analysis.review_metrics_recorded',
      'analysis.reviewed',
      'analysis.reopened',
    ]);
    expect(a.status).toBe('needs_review');
  });

  it('scoring sets the result, the priority by score and the time; below the threshold it is completed, at it needs review', () => {
    const low = at('processing');
    low.scored(result(LOW), THRESHOLD, T1);
    expect(low.snapshot()).toMatchObject({
      status: 'completed',
      priority: 'low',
      completedAt: T1,
      needsReviewAt: null,
      result: result(LOW),
    });

    const medium = at('processing');
    medium.scored(result(THRESHOLD), THRESHOLD, T1);
    expect(medium.snapshot()).toMatchObject({ status: 'needs_review', priority: 'medium', needsReviewAt: T1, completedAt: null });

    const high = at('processing');
    high.scored(result(HIGH), THRESHOLD, T1);
    expect(high.priority).toBe('high');
    const [scored] = high.pullEvents();
    expect(scored!.payload).toMatchObject({ fraudScore: HIGH, scoringConfigVersion: 0, priority: 'high' });
    expect(scored!.changes.after).toMatchObject({ status: 'needs_review', priority: 'high', fraudScore: HIGH, factors: ['otp_request'] });
  });

  it('a failure keeps its reason (at most 1,000 characters); a later score clears it', () => {
    const a = at('processing');
    a.failed('x'.repeat(5000));
    expect(a.snapshot().errorReason).toHaveLength(1000);
    expect(a.pullEvents()[0]!.changes.after).toMatchObject({ status: 'error', reason: 'x'.repeat(1000) });
    a.retry();
    a.startProcessing();
    a.scored(result(LOW), THRESHOLD, T1);
    expect(a.snapshot().errorReason).toBeNull();
  });

  it('assigning sets assignee, assigner and time; a claim says so in its event', () => {
    const claimed = at('needs_review');
    claimed.assign(REVIEWER, REVIEWER, true, T1);
    expect(claimed.snapshot()).toMatchObject({ status: 'in_review', assignedTo: REVIEWER, assignedBy: REVIEWER, assignedAt: T1 });
    expect(claimed.pullEvents()[0]!.payload).toMatchObject({ assignedTo: REVIEWER, assignedBy: REVIEWER, claimed: true });

    const picked = at('completed');
    picked.assign(REVIEWER, ADMIN, false, T1);
    expect(picked.snapshot()).toMatchObject({ status: 'in_review', assignedTo: REVIEWER, assignedBy: ADMIN });
    const [e] = picked.pullEvents();
    expect(e!.changes).toEqual({
      before: { status: 'completed' },
      after: { status: 'in_review', assignedTo: REVIEWER, assignedBy: ADMIN, claimed: false },
    });
  });

  it('releasing returns the former assignee (whose load ends) and clears the assignment', () => {
    const a = at('in_review');
    expect(a.release()).toBe(REVIEWER);
    expect(a.snapshot()).toMatchObject({ status: 'needs_review', assignedTo: null, assignedBy: null, assignedAt: null, reviewedBy: null });
    expect(a.pullEvents()[0]!.payload).toMatchObject({ releasedFrom: REVIEWER });
  });

  describe('review', () => {
    function inReview(score: number): Analysis {
      const a = create();
      a.startProcessing();
      a.scored(result(score), THRESHOLD, T0);
      a.assign(REVIEWER, REVIEWER, true, T0);
      a.pullEvents();
      return a;
    }

    it('clearing sets the decision, notes, reviewer and completion; it returns the assignee whose load ends', () => {
      const a = inReview(MEDIUM);
      expect(clearBy(a, REVIEWER)).toBe(REVIEWER);
      expect(a.snapshot()).toMatchObject({
        status: 'cleared',
        reviewDecision: 'cleared',
        reviewNotes: 'fine',
        reviewedBy: REVIEWER,
        completedAt: T1,
        assignedTo: null,
        assignedBy: null,
        assignedAt: null,
      });
      const [e] = a.pullEvents();
      expect(e!.payload).toMatchObject({ decision: 'cleared', reviewedBy: REVIEWER });
      expect(e!.changes).toEqual({
        before: { status: 'in_review', assignedTo: REVIEWER },
        after: { status: 'cleared', decision: 'cleared', reviewedBy: REVIEWER, notes: 'fine' },
      });
    });

    it('a high-priority analysis cannot be cleared below the minimum playback (review_incomplete), at it it can', () => {
      const a = inReview(HIGH);
      expect(a.priority).toBe('high');
      const none = thrown(() => clearBy(a, REVIEWER, false, 0.5));
      expect(none.code).toBe('analysis.review_incomplete');
      expect(none.kind).toBe('conflict');
      expect(none.details).toEqual({ played: 0, required: 50 });

      a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 49, timeSpentSeconds: 20 });
      a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 30, timeSpentSeconds: null });
      expect(a.snapshot().metrics).toEqual({
        plays: 2,
        audioPlayedPercentage: 49,
        timeSpentSeconds: 20,
        byReviewer: { [REVIEWER]: { plays: 2, audioPlayedPercentage: 49, timeSpentSeconds: 20 } },
      });
      expect(thrown(() => clearBy(a, REVIEWER, false, 0.5)).code).toBe('analysis.review_incomplete');
      // An admin acting for the reviewer is held to the same rule.
      expect(thrown(() => clearBy(a, ADMIN, true, 0.5)).code).toBe('analysis.review_incomplete');
      expect(a.status).toBe('in_review');
      expect(a.pullEvents().map((e) => e.type)).toEqual(['analysis.review_metrics_recorded', 'analysis.review_metrics_recorded']);

      a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 50, timeSpentSeconds: 5 });
      clearBy(a, REVIEWER, false, 0.5);
      expect(a.status).toBe('cleared');
    });

    it('only the deciding reviewer’s own playback opens the gate: nobody can listen for somebody else', () => {
      const a = inReview(HIGH);
      // Another reviewer, not assigned, cannot record playback at all.
      const foreign = thrown(() =>
        a.recordMetrics({ reviewerId: OTHER_REVIEWER, mayActForOthers: false, audioPlayedPercentage: 100, timeSpentSeconds: 60 }),
      );
      expect({ code: foreign.code, kind: foreign.kind }).toEqual({ code: 'analysis.not_assignee', kind: 'forbidden' });
      expect(a.snapshot().metrics.plays).toBe(0);
      // An admin may record their own playback, but it does not count for the assignee.
      a.recordMetrics({ reviewerId: ADMIN, mayActForOthers: true, audioPlayedPercentage: 100, timeSpentSeconds: 60 });
      expect(thrown(() => clearBy(a, REVIEWER, false, 0.5)).details).toEqual({ played: 0, required: 50 });
      // The admin who listened may clear it themselves.
      clearBy(a, ADMIN, true, 0.5);
      expect(a.status).toBe('cleared');
    });

    it('playback is recorded only while the analysis is in review', () => {
      const queued = at('needs_review');
      const refused = thrown(() =>
        queued.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: true, audioPlayedPercentage: 100, timeSpentSeconds: 1 }),
      );
      expect({ code: refused.code, kind: refused.kind }).toEqual({ code: 'analysis.not_in_review', kind: 'conflict' });
    });

    it('the minimum is the organization’s: with 0.8, 79% is not enough', () => {
      const a = inReview(HIGH);
      a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 79, timeSpentSeconds: 1 });
      expect(thrown(() => clearBy(a, REVIEWER, false, 0.8)).details).toEqual({ played: 79, required: 80 });
      a.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 80, timeSpentSeconds: 1 });
      clearBy(a, REVIEWER, false, 0.8);
      expect(a.status).toBe('cleared');
    });

    it('medium and low priorities can be cleared without playback; escalating a high one needs none either', () => {
      const medium = inReview(MEDIUM);
      clearBy(medium, REVIEWER, false, 1);
      expect(medium.status).toBe('cleared');
      const high = inReview(HIGH);
      high.review({ decision: 'escalated', notes: null, reviewerId: REVIEWER, mayActForOthers: false, minimumPlaybackShare: 1, now: T1 });
      expect(high.status).toBe('needs_review');
    });

    it('escalating sends it back to the queue at high priority, unassigned, with the decision kept', () => {
      const a = inReview(MEDIUM);
      expect(a.priority).toBe('medium');
      const assignee = a.review({
        decision: 'escalated',
        notes: 'Sounds like a scam',
        reviewerId: REVIEWER,
        mayActForOthers: false,
        minimumPlaybackShare: 0.5,
        now: T1,
      });
      expect(assignee).toBe(REVIEWER);
      expect(a.snapshot()).toMatchObject({
        status: 'needs_review',
        priority: 'high',
        needsReviewAt: T1,
        completedAt: null,
        assignedTo: null,
        reviewDecision: 'escalated',
        reviewNotes: 'Sounds like a scam',
        reviewedBy: REVIEWER,
      });
      const [e] = a.pullEvents();
      expect(e!.type).toBe('analysis.reviewed');
      expect(e!.payload).toMatchObject({ status: 'needs_review', priority: 'high', decision: 'escalated' });
      // Back in the queue: someone else can take it.
      a.assign(OTHER_REVIEWER, OTHER_REVIEWER, true, T1);
      expect(a.assignedTo).toBe(OTHER_REVIEWER);
    });

    it('only the assignee reviews: another reviewer gets analysis.not_assignee and nothing changes', () => {
      const a = inReview(MEDIUM);
      const before = structuredClone(a.snapshot());
      for (const decision of ['cleared', 'escalated'] as const) {
        const error = thrown(() =>
          a.review({ decision, notes: null, reviewerId: OTHER_REVIEWER, mayActForOthers: false, minimumPlaybackShare: 0.5, now: T1 }),
        );
        expect(error.code).toBe('analysis.not_assignee');
        expect(error.kind).toBe('forbidden');
      }
      expect(a.snapshot()).toEqual(before);
      expect(a.pullEvents()).toEqual([]);
    });

    it('an admin may review for the assignee: the admin is the reviewer, the assignee’s load ends', () => {
      const a = inReview(MEDIUM);
      expect(clearBy(a, ADMIN, true)).toBe(REVIEWER);
      expect(a.snapshot()).toMatchObject({ status: 'cleared', reviewedBy: ADMIN, assignedTo: null });
      expect(a.pullEvents()[0]!.changes.before).toEqual({ status: 'in_review', assignedTo: REVIEWER });
    });

    it('a reopened analysis goes back to the queue with its completion undone', () => {
      const a = at('cleared');
      expect(a.snapshot().completedAt).toEqual(T1);
      const later = new Date('2026-03-02T00:00:00.000Z');
      a.reopen(later);
      expect(a.snapshot()).toMatchObject({ status: 'needs_review', completedAt: null, needsReviewAt: later, assignedTo: null });
    });
  });

  describe('rescore', () => {
    it('every result goes to the history once (pullNewResults); the newest is the result', () => {
      const a = create();
      a.startProcessing();
      a.scored(result(LOW, 0), THRESHOLD, T0);
      expect(a.pullNewResults()).toEqual([result(LOW, 0)]);
      expect(a.pullNewResults()).toEqual([]);

      a.rescore(result(MEDIUM, 1));
      a.rescore(result(HIGH, 2));
      expect(a.pullNewResults()).toEqual([result(MEDIUM, 1), result(HIGH, 2)]);
      expect(a.pullNewResults()).toEqual([]);
      expect(a.snapshot().result).toEqual(result(HIGH, 2));
      // Rescoring never moves the analysis through the lifecycle.
      expect(a.status).toBe('completed');
      expect(a.priority).toBe('high');

      const events = a.pullEvents().filter((e) => e.type === 'analysis.rescored');
      expect(events).toHaveLength(2);
      expect(events[0]!.changes).toEqual({
        before: { fraudScore: LOW, scoringConfigVersion: 0, priority: 'low' },
        after: { fraudScore: MEDIUM, scoringConfigVersion: 1, priority: 'medium' },
      });
      expect(events[1]!.payload).toMatchObject({ fraudScore: HIGH, scoringConfigVersion: 2 });
    });

    it('under review or cleared, the priority the reviewer saw stays', () => {
      for (const status of ['in_review', 'cleared'] as const) {
        const a = at(status);
        a.rescore(result(HIGH, 1));
        expect(a.status).toBe(status);
        expect(a.priority).toBe('medium');
        expect(a.snapshot().result!.fraudScore).toBe(HIGH);
      }
    });

    it('an analysis never scored cannot be rescored', () => {
      for (const status of ['pending', 'processing', 'error'] as const) {
        const a = at(status);
        const error = thrown(() => a.rescore(result(HIGH, 1)));
        expect(error.code).toBe('analysis.not_scored');
        expect(a.pullNewResults()).toEqual([]);
        expect(a.pullEvents()).toEqual([]);
      }
    });
  });

  it('restore copies the state it is given (metrics are not shared)', () => {
    const a = at('in_review');
    const state = structuredClone(a.snapshot());
    const restored = Analysis.restore(state);
    restored.recordMetrics({ reviewerId: REVIEWER, mayActForOthers: false, audioPlayedPercentage: 40, timeSpentSeconds: 10 });
    expect(state.metrics).toEqual({ plays: 0, audioPlayedPercentage: 0, timeSpentSeconds: 0 });
    expect(restored.snapshot().metrics).toMatchObject({ plays: 1, audioPlayedPercentage: 40, timeSpentSeconds: 10 });
    expect(restored.pullEvents().map((e) => e.type)).toEqual(['analysis.review_metrics_recorded']);
  });
});
