import { DomainEvent } from '../../shared/domain-event';

export interface AnalysisEventPayload {
  recordingId: string | null;
  callId: string | null;
  status: string;
  priority: string | null;
}

abstract class AnalysisEvent<T extends object = AnalysisEventPayload> extends DomainEvent<T> {}

export class AnalysisCreated extends AnalysisEvent {
  static readonly type = 'analysis.created';
}
export class AnalysisProcessingStarted extends AnalysisEvent {
  static readonly type = 'analysis.processing_started';
}
export class AnalysisScored extends AnalysisEvent<AnalysisEventPayload & { fraudScore: number; scoringConfigVersion: number }> {
  static readonly type = 'analysis.scored';
}
export class AnalysisFailed extends AnalysisEvent {
  static readonly type = 'analysis.failed';
}
export class AnalysisRetried extends AnalysisEvent {
  static readonly type = 'analysis.retried';
}
export class AnalysisAssigned extends AnalysisEvent<
  AnalysisEventPayload & { assignedTo: string; assignedBy: string | null; claimed: boolean }
> {
  static readonly type = 'analysis.assigned';
}
export class AnalysisReleased extends AnalysisEvent<AnalysisEventPayload & { releasedFrom: string }> {
  static readonly type = 'analysis.released';
}
export class AnalysisReviewed extends AnalysisEvent<AnalysisEventPayload & { decision: string; reviewedBy: string }> {
  static readonly type = 'analysis.reviewed';
}
export class AnalysisReopened extends AnalysisEvent {
  static readonly type = 'analysis.reopened';
}
export class AnalysisRescored extends AnalysisEvent<AnalysisEventPayload & { fraudScore: number; scoringConfigVersion: number }> {
  static readonly type = 'analysis.rescored';
}
export class ReviewMetricsRecorded extends AnalysisEvent<AnalysisEventPayload & { audioPlayedPercentage: number; reviewerId: string }> {
  static readonly type = 'analysis.review_metrics_recorded';
}
export class ScoringConfigCreated extends DomainEvent<{ version: number }> {
  static readonly type = 'scoring_config.created';
}
