import type { Analysis } from '@domain/analysis/analysis.aggregate';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';

/** Analyses in a map; `saved` lists every save, with its pending events taken as the unit of work would. */
export class InMemoryAnalysisRepository extends AnalysisRepository {
  readonly rows = new Map<string, Analysis>();
  readonly saved: { id: string; events: string[] }[] = [];

  constructor(...analyses: Analysis[]) {
    super();
    for (const a of analyses) this.rows.set(a.id, a);
  }

  findById(organizationId: string, analysisId: string): Promise<Analysis | null> {
    const a = this.rows.get(analysisId);
    return Promise.resolve(a && a.organizationId === organizationId ? a : null);
  }
  findByRecording(organizationId: string, recordingId: string): Promise<Analysis | null> {
    return Promise.resolve(
      [...this.rows.values()].find((a) => a.organizationId === organizationId && a.snapshot().recordingId === recordingId) ?? null,
    );
  }
  /** The first queued analysis (`needs_review`, unassigned) in insertion order. */
  lockNextInQueue(organizationId: string): Promise<Analysis | null> {
    return Promise.resolve(
      [...this.rows.values()].find((a) => a.organizationId === organizationId && a.status === 'needs_review' && !a.assignedTo) ?? null,
    );
  }
  findForRescore(organizationId: string, analysisIds: string[]): Promise<Analysis[]> {
    return Promise.resolve(
      analysisIds.map((id) => this.rows.get(id)).filter((a): a is Analysis => !!a && a.organizationId === organizationId),
    );
  }
  save(analysis: Analysis): Promise<void> {
    this.rows.set(analysis.id, analysis);
    this.saved.push({ id: analysis.id, events: analysis.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}

/** Reviewers and their open loads. */
export class InMemoryReviewerLoads extends ReviewerLoads {
  readonly loads = new Map<string, number>();

  constructor(readonly reviewers: string[] = []) {
    super();
  }

  adjust(_organizationId: string, userId: string, delta: 1 | -1): Promise<number> {
    const next = Math.max(0, (this.loads.get(userId) ?? 0) + delta);
    this.loads.set(userId, next);
    return Promise.resolve(next);
  }
  leastLoadedReviewer(): Promise<string | null> {
    const sorted = [...this.reviewers].sort((a, b) => (this.loads.get(a) ?? 0) - (this.loads.get(b) ?? 0));
    return Promise.resolve(sorted[0] ?? null);
  }
  isReviewer(_organizationId: string, userId: string): Promise<boolean> {
    return Promise.resolve(this.reviewers.includes(userId));
  }
}
