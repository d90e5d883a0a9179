import { StatefulAggregate } from '../shared/aggregate-root';
import { ConflictError, ForbiddenError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { assertMove, priorityFor, type AnalysisStatus, type Priority } from './analysis-status';
import {
  AnalysisAssigned,
  AnalysisCreated,
  AnalysisFailed,
  AnalysisProcessingStarted,
  AnalysisReleased,
  AnalysisReopened,
  AnalysisRescored,
  AnalysisRetried,
  AnalysisReviewed,
  AnalysisScored,
  ReviewMetricsRecorded,
  type AnalysisEventPayload,
} from './events/analysis.events';
import type { RiskFactor } from './scoring/risk-scoring';

export interface AnalysisResult {
  fraudScore: number;
  riskFactors: RiskFactor[];
  scorerVersion: string;
  scoringConfigVersion: number;
  /** Why parts of the input were missing (no transcript, for instance). */
  notes: string[];
  scoredAt: string;
}

export interface ReviewMetrics {
  plays: number;
  /** Highest share of the audio played by anyone, 0..100. */
  audioPlayedPercentage: number;
  timeSpentSeconds: number;
  /** The same, per reviewer: only the deciding reviewer's own playback opens the review gate. */
  byReviewer?: Record<string, { plays: number; audioPlayedPercentage: number; timeSpentSeconds: number }>;
}

export interface AnalysisState {
  id: string;
  organizationId: string;
  recordingId: string | null;
  callId: string | null;
  source: 'call' | 'upload';
  fileName: string | null;
  fileHash: string | null;
  status: AnalysisStatus;
  priority: Priority | null;
  result: AnalysisResult | null;
  errorReason: string | null;
  assignedTo: string | null;
  assignedBy: string | null;
  assignedAt: Date | null;
  reviewedBy: string | null;
  reviewDecision: string | null;
  reviewNotes: string | null;
  completedAt: Date | null;
  needsReviewAt: Date | null;
  metrics: ReviewMetrics;
  createdAt: Date;
}

/**
 * One call or uploaded file, scored for fraud risk and, when risky, reviewed by a person.
 * Every move follows the lifecycle of docs/api.md; anything else is refused.
 */
export class Analysis extends StatefulAggregate<AnalysisState> {
  /** Results set by this change, for the append-only history. */
  private newResults: AnalysisResult[] = [];

  static create(input: {
    organizationId: string;
    recordingId: string | null;
    callId: string | null;
    source: 'call' | 'upload';
    fileName?: string | null;
    fileHash?: string | null;
    now: Date;
  }): Analysis {
    const a = new Analysis({
      id: newId(),
      organizationId: input.organizationId,
      recordingId: input.recordingId,
      callId: input.callId,
      source: input.source,
      fileName: input.fileName ?? null,
      fileHash: input.fileHash ?? null,
      status: 'pending',
      priority: null,
      result: null,
      errorReason: null,
      assignedTo: null,
      assignedBy: null,
      assignedAt: null,
      reviewedBy: null,
      reviewDecision: null,
      reviewNotes: null,
      completedAt: null,
      needsReviewAt: null,
      metrics: { plays: 0, audioPlayedPercentage: 0, timeSpentSeconds: 0 },
      createdAt: input.now,
    });
    a.record(
      new AnalysisCreated(a.organizationId, a.id, a.payload(), {
        after: { status: 'pending', source: input.source, recordingId: input.recordingId, callId: input.callId },
      }),
    );
    return a;
  }

  static restore(state: AnalysisState): Analysis {
    return new Analysis({ ...state, metrics: { ...state.metrics } });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get status(): AnalysisStatus {
    return this.state.status;
  }
  get priority(): Priority | null {
    return this.state.priority;
  }
  get assignedTo(): string | null {
    return this.state.assignedTo;
  }
  pullNewResults(): AnalysisResult[] {
    const r = this.newResults;
    this.newResults = [];
    return r;
  }

  startProcessing(): void {
    this.move('processing');
    this.record(
      new AnalysisProcessingStarted(this.organizationId, this.id, this.payload(), {
        before: { status: 'pending' },
        after: { status: 'processing' },
      }),
    );
  }

  /** The score decides: at or above the organization's threshold it goes to review. */
  scored(result: AnalysisResult, reviewThreshold: number, now: Date): void {
    const next: AnalysisStatus = result.fraudScore >= reviewThreshold ? 'needs_review' : 'completed';
    this.move(next, 'processing');
    this.state.result = result;
    this.newResults.push(result);
    this.state.priority = priorityFor(result.fraudScore);
    this.state.errorReason = null;
    if (next === 'completed') this.state.completedAt = now;
    else this.state.needsReviewAt = now;
    this.record(
      new AnalysisScored(
        this.organizationId,
        this.id,
        { ...this.payload(), fraudScore: result.fraudScore, scoringConfigVersion: result.scoringConfigVersion },
        {
          before: { status: 'processing' },
          after: {
            status: next,
            priority: this.state.priority,
            fraudScore: result.fraudScore,
            scoringConfigVersion: result.scoringConfigVersion,
            factors: result.riskFactors.map((f) => f.code),
          },
        },
      ),
    );
  }

  failed(reason: string): void {
    this.move('error');
    this.state.errorReason = reason.slice(0, 1000);
    this.record(
      new AnalysisFailed(this.organizationId, this.id, this.payload(), {
        before: { status: 'processing' },
        after: { status: 'error', reason: this.state.errorReason },
      }),
    );
  }

  retry(): void {
    this.move('pending');
    this.record(
      new AnalysisRetried(this.organizationId, this.id, this.payload(), { before: { status: 'error' }, after: { status: 'pending' } }),
    );
  }

  /** Claimed by a reviewer, or assigned by someone (`by`); the reviewer's load is kept by the caller. */
  assign(reviewerId: string, by: string | null, claimed: boolean, now: Date): void {
    const before = this.state.status;
    this.move('in_review');
    Object.assign(this.state, { assignedTo: reviewerId, assignedBy: by, assignedAt: now });
    this.record(
      new AnalysisAssigned(
        this.organizationId,
        this.id,
        { ...this.payload(), assignedTo: reviewerId, assignedBy: by, claimed },
        {
          before: { status: before },
          after: { status: 'in_review', assignedTo: reviewerId, assignedBy: by, claimed },
        },
      ),
    );
  }

  /** Back to the queue, unreviewed. */
  release(): string {
    const from = this.requireAssignee();
    this.move('needs_review');
    Object.assign(this.state, { assignedTo: null, assignedBy: null, assignedAt: null });
    this.record(
      new AnalysisReleased(
        this.organizationId,
        this.id,
        { ...this.payload(), releasedFrom: from },
        { before: { status: 'in_review', assignedTo: from }, after: { status: 'needs_review' } },
      ),
    );
    return from;
  }

  /**
   * A reviewer played some of the audio. Only while the analysis is in review, and only by its
   * assignee (or an admin, who would then decide with their own playback): metrics from anyone
   * else are refused, so nobody can open the review gate for somebody else.
   */
  recordMetrics(input: {
    reviewerId: string;
    mayActForOthers: boolean;
    audioPlayedPercentage: number;
    timeSpentSeconds: number | null;
  }): void {
    if (this.state.status !== 'in_review') {
      throw new ConflictError('analysis.not_in_review', 'Playback is recorded while the analysis is in review', {
        status: this.state.status,
      });
    }
    if (this.state.assignedTo !== input.reviewerId && !input.mayActForOthers) {
      throw new ForbiddenError('analysis.not_assignee', 'Only the assigned reviewer records playback for this analysis');
    }
    const m = this.state.metrics;
    m.plays += 1;
    m.audioPlayedPercentage = Math.max(m.audioPlayedPercentage, input.audioPlayedPercentage);
    m.timeSpentSeconds += input.timeSpentSeconds ?? 0;
    const byReviewer = (m.byReviewer ??= {});
    const own = (byReviewer[input.reviewerId] ??= { plays: 0, audioPlayedPercentage: 0, timeSpentSeconds: 0 });
    own.plays += 1;
    own.audioPlayedPercentage = Math.max(own.audioPlayedPercentage, input.audioPlayedPercentage);
    own.timeSpentSeconds += input.timeSpentSeconds ?? 0;
    this.record(
      new ReviewMetricsRecorded(
        this.organizationId,
        this.id,
        { ...this.payload(), audioPlayedPercentage: input.audioPlayedPercentage, reviewerId: input.reviewerId },
        { after: { reviewerId: input.reviewerId, ...own } },
      ),
    );
  }

  /**
   * The assigned reviewer decides. Clearing a high-priority analysis needs enough of its
   * audio played first. Escalating sends it back to the queue at high priority.
   * Returns the reviewer whose load ends.
   */
  review(input: {
    decision: 'cleared' | 'escalated';
    notes: string | null;
    reviewerId: string;
    mayActForOthers: boolean;
    minimumPlaybackShare: number;
    now: Date;
  }): string {
    const assignee = this.requireAssignee();
    if (assignee !== input.reviewerId && !input.mayActForOthers) {
      throw new ForbiddenError('analysis.not_assignee', 'Only the assigned reviewer (or an admin) can review this analysis');
    }
    // The one who decides must have listened: somebody else's playback counts for nothing.
    const played = this.state.metrics.byReviewer?.[input.reviewerId]?.audioPlayedPercentage ?? 0;
    if (input.decision === 'cleared' && this.state.priority === 'high' && played < input.minimumPlaybackShare * 100) {
      throw new ConflictError(
        'analysis.review_incomplete',
        `Play at least ${Math.round(input.minimumPlaybackShare * 100)}% of the audio before clearing a high-priority analysis`,
        {
          played,
          required: input.minimumPlaybackShare * 100,
        },
      );
    }
    const next: AnalysisStatus = input.decision === 'cleared' ? 'cleared' : 'needs_review';
    this.move(next);
    Object.assign(this.state, {
      reviewedBy: input.reviewerId,
      reviewDecision: input.decision,
      reviewNotes: input.notes,
      assignedTo: null,
      assignedBy: null,
      assignedAt: null,
    });
    if (next === 'cleared') this.state.completedAt = input.now;
    else {
      this.state.priority = 'high';
      this.state.needsReviewAt = input.now;
    }
    this.record(
      new AnalysisReviewed(
        this.organizationId,
        this.id,
        { ...this.payload(), decision: input.decision, reviewedBy: input.reviewerId },
        {
          before: { status: 'in_review', assignedTo: assignee },
          after: { status: next, decision: input.decision, reviewedBy: input.reviewerId, notes: input.notes },
        },
      ),
    );
    return assignee;
  }

  reopen(now: Date): void {
    this.move('needs_review', 'cleared');
    this.state.completedAt = null;
    this.state.needsReviewAt = now;
    this.record(
      new AnalysisReopened(this.organizationId, this.id, this.payload(), {
        before: { status: 'cleared' },
        after: { status: 'needs_review' },
      }),
    );
  }

  /** A new score under the current configuration; the previous result goes to the history. */
  rescore(result: AnalysisResult): void {
    if (!this.state.result) throw new ConflictError('analysis.not_scored', 'Only a scored analysis can be rescored');
    const before = {
      fraudScore: this.state.result.fraudScore,
      scoringConfigVersion: this.state.result.scoringConfigVersion,
      priority: this.state.priority,
    };
    this.state.result = result;
    this.newResults.push(result);
    if (this.state.status !== 'in_review' && this.state.status !== 'cleared') this.state.priority = priorityFor(result.fraudScore);
    this.record(
      new AnalysisRescored(
        this.organizationId,
        this.id,
        { ...this.payload(), fraudScore: result.fraudScore, scoringConfigVersion: result.scoringConfigVersion },
        {
          before,
          after: { fraudScore: result.fraudScore, scoringConfigVersion: result.scoringConfigVersion, priority: this.state.priority },
        },
      ),
    );
  }

  private requireAssignee(): string {
    if (this.state.status !== 'in_review' || !this.state.assignedTo) {
      throw new ConflictError('analysis.invalid_transition', `An analysis that is ${this.state.status} is not under review`, {
        from: this.state.status,
      });
    }
    return this.state.assignedTo;
  }

  /**
   * `from`: the one state the action starts from, when other actions lead to the same state
   * (scoring and reopening reach needs_review, like escalating and releasing do).
   */
  private move(to: AnalysisStatus, from?: AnalysisStatus): void {
    if (from !== undefined && this.state.status !== from) {
      throw new ConflictError('analysis.invalid_transition', `An analysis cannot go from ${this.state.status} to ${to} this way`, {
        from: this.state.status,
        to,
      });
    }
    assertMove(this.state.status, to);
    this.state.status = to;
  }

  private payload(): AnalysisEventPayload {
    return { recordingId: this.state.recordingId, callId: this.state.callId, status: this.state.status, priority: this.state.priority };
  }
}
