import { Analysis, type AnalysisResult } from '@domain/analysis/analysis.aggregate';

export const ORG = '0193a000-0000-7000-8000-000000000001';
export const REVIEWER = '0193a000-0000-7000-8000-0000000000a1';
export const OTHER_REVIEWER = '0193a000-0000-7000-8000-0000000000a2';
const T0 = new Date('2026-03-01T09:00:00.000Z');

function result(fraudScore: number): AnalysisResult {
  return { fraudScore, riskFactors: [], scorerVersion: 'builtin-test', scoringConfigVersion: 0, notes: [], scoredAt: T0.toISOString() };
}

/** A scored call analysis waiting in the review queue (0.9: high priority), its events handed over. */
export function queuedAnalysis(fraudScore = 0.9): Analysis {
  const a = Analysis.create({
    organizationId: ORG,
    recordingId: '0193a000-0000-7000-8000-000000000002',
    callId: null,
    source: 'call',
    now: T0,
  });
  a.startProcessing();
  a.scored(result(fraudScore), 0.6, T0);
  a.pullEvents();
  a.pullNewResults();
  return a;
}

/** The same, assigned to `reviewerId`. */
export function analysisInReview(reviewerId: string, fraudScore = 0.9): Analysis {
  const a = queuedAnalysis(fraudScore);
  a.assign(reviewerId, reviewerId, true, T0);
  a.pullEvents();
  return a;
}
