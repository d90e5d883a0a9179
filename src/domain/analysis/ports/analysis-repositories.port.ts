import type { Analysis } from '../analysis.aggregate';
import type { ScoringConfigVersion as ScoringConfigVersionAggregate } from '../scoring-config-version.aggregate';
import type { ScoringConfiguration } from '../scoring/risk-scoring';

export abstract class AnalysisRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(organizationId: string, analysisId: string): Promise<Analysis | null>;
  abstract findByRecording(organizationId: string, recordingId: string): Promise<Analysis | null>;
  /**
   * The next analysis needing review, highest priority then oldest, locked; rows other
   * reviewers hold are skipped, so concurrent claims never get the same one.
   */
  abstract lockNextInQueue(organizationId: string): Promise<Analysis | null>;
  /** Scored analyses matching the ids, locked, for rescoring. */
  abstract findForRescore(organizationId: string, analysisIds: string[]): Promise<Analysis[]>;
  abstract save(analysis: Analysis): Promise<void>;
}

export abstract class ReviewerLoads {
  abstract adjust(organizationId: string, userId: string, delta: 1 | -1): Promise<number>;
  /** The organization's reviewer with the fewest open assignments (ties: lowest id), locked; null when there is none. */
  abstract leastLoadedReviewer(organizationId: string): Promise<string | null>;
  abstract isReviewer(organizationId: string, userId: string): Promise<boolean>;
}

export interface ScoringConfigVersion {
  version: number;
  config: ScoringConfiguration;
  createdBy: string | null;
  createdAt: Date;
}

export abstract class ScoringConfigRepository {
  /** The newest version; null when the organization never set one (the built-in default applies, version 0). */
  abstract latest(organizationId: string): Promise<ScoringConfigVersion | null>;
  abstract version(organizationId: string, version: number): Promise<ScoringConfigVersion | null>;
  /** The number the next version takes; serialises writers of one organization for the transaction. */
  abstract nextVersion(organizationId: string): Promise<number>;
  abstract save(version: ScoringConfigVersionAggregate): Promise<void>;
}

/** What the organization's call history says about a caller number around a call. */
export abstract class CallHistory {
  abstract signals(
    organizationId: string,
    input: { from: string; before: Date; windowMinutes: number; shortCallSeconds: number },
  ): Promise<{
    callsFromSameNumber: number;
    distinctAgentsCalled: number;
    distinctWorkspacesCalled: number;
    shortCallsFromSameNumber: number;
  }>;
}
