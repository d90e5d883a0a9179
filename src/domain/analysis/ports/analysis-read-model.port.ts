import type { AnalysisResult, AnalysisState } from '../analysis.aggregate';
import type { AnalysisStatus, Priority } from '../analysis-status';

/** An analysis as readers see it: its state with the stored fraud score and last update. */
export type AnalysisView = Omit<AnalysisState, 'organizationId' | 'source' | 'needsReviewAt'> & {
  source: string;
  fraudScore: number | null;
  updatedAt: Date;
};

export interface AnalysisFilter {
  status?: AnalysisStatus;
  priority?: Priority;
  assignedTo?: string;
  minScore?: number;
  from?: Date;
  to?: Date;
}

export interface AnalyticsDay {
  day: string;
  callsTotal: number;
  callsAnswered: number;
  analyses: number;
  highRiskAnalyses: number;
  averageFraudScore: number | null;
  activeReviewers: number;
  medianReviewSeconds: number | null;
}

export abstract class AnalysisReadModel {
  /** Newest first, keyset-paged by id. */
  abstract list(organizationId: string, filter: AnalysisFilter, beforeId: string | null, limit: number): Promise<AnalysisView[]>;
  abstract get(organizationId: string, analysisId: string): Promise<AnalysisView | null>;
  /** The call's analysis (a call is analysed once; rescoring keeps the same analysis). */
  abstract forCall(organizationId: string, callId: string): Promise<AnalysisView | null>;
  abstract findByFileHash(organizationId: string, fileHash: string): Promise<AnalysisView | null>;
  abstract history(organizationId: string, analysisId: string): Promise<{ result: AnalysisResult; recordedAt: Date }[]>;
  abstract analytics(organizationId: string, fromDay: string, toDay: string): Promise<{ days: AnalyticsDay[]; refreshedAt: Date | null }>;
}

/** Keeps the per-day rollup current. */
export abstract class AnalyticsRollup {
  /** Recomputes the days from `fromDay` on, for one organization or all; returns rows written. */
  abstract refresh(organizationId: string | null, fromDay: string, now: Date): Promise<number>;
}
