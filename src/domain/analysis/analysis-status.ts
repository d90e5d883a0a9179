import { ConflictError } from '../shared/domain-error';

export const ANALYSIS_STATUSES = ['pending', 'processing', 'completed', 'error', 'needs_review', 'in_review', 'cleared'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The lifecycle of docs/api.md; nothing else is allowed. */
const ALLOWED: Record<AnalysisStatus, AnalysisStatus[]> = {
  pending: ['processing'],
  processing: ['completed', 'needs_review', 'error'],
  error: ['pending'],
  needs_review: ['in_review'],
  completed: ['in_review'],
  in_review: ['cleared', 'needs_review'],
  cleared: ['needs_review'],
};

export function canMove(from: AnalysisStatus, to: AnalysisStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertMove(from: AnalysisStatus, to: AnalysisStatus): void {
  if (!canMove(from, to)) {
    throw new ConflictError('analysis.invalid_transition', `An analysis cannot go from ${from} to ${to}`, { from, to });
  }
}

export function priorityFor(score: number): Priority {
  if (score >= 0.8) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/** For ordering the queue: higher first. */
export const PRIORITY_RANK: Record<Priority, number> = { high: 3, medium: 2, low: 1 };
