import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { Analysis, type AnalysisState } from '@domain/analysis/analysis.aggregate';
import { PRIORITY_RANK, type AnalysisStatus, type Priority } from '@domain/analysis/analysis-status';
import {
  AnalysisRepository,
  ReviewerLoads,
  ScoringConfigRepository,
  type ScoringConfigVersion as ScoringConfigVersionView,
} from '@domain/analysis/ports/analysis-repositories.port';
import type { ScoringConfigVersion } from '@domain/analysis/scoring-config-version.aggregate';
import { newId } from '@domain/shared/ids';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { analyses, analysisResults, reviewerLoads, scoringConfigs } from './analysis.schema';
// Known debt: reviewer membership is tenancy's (see KNOWN_FOREIGN_TABLE_READS in .dependency-cruiser.js).
import { organizationMembers } from '../tenancy/tenancy.schema';
import { TransactionContext } from '../transaction-context';

type Row = typeof analyses.$inferSelect;

function restore(r: Row): Analysis {
  const state: AnalysisState = {
    id: r.id,
    organizationId: r.organizationId,
    recordingId: r.recordingId,
    callId: r.callId,
    source: r.source as AnalysisState['source'],
    fileName: r.fileName,
    fileHash: r.fileHash,
    status: r.status as AnalysisStatus,
    priority: r.priority as Priority | null,
    result: r.result,
    errorReason: r.errorReason,
    assignedTo: r.assignedTo,
    assignedBy: r.assignedBy,
    assignedAt: r.assignedAt,
    reviewedBy: r.reviewedBy,
    reviewDecision: r.reviewDecision,
    reviewNotes: r.reviewNotes,
    completedAt: r.completedAt,
    needsReviewAt: r.needsReviewAt,
    metrics: r.metrics,
    createdAt: r.createdAt,
  };
  return Analysis.restore(state);
}

@Injectable()
export class DrizzleAnalysisRepository extends AnalysisRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  findById(organizationId: string, analysisId: string): Promise<Analysis | null> {
    return this.findLocked(organizationId, eq(analyses.id, analysisId));
  }

  findByRecording(organizationId: string, recordingId: string): Promise<Analysis | null> {
    return this.findLocked(organizationId, eq(analyses.recordingId, recordingId));
  }

  /** The organization's analysis matching `where`, locked for the rest of the transaction. */
  private async findLocked(organizationId: string, where: SQL): Promise<Analysis | null> {
    const [r] = await this.tx.db
      .select()
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), where))
      .for('update');
    return r ? restore(r) : null;
  }

  async lockNextInQueue(organizationId: string): Promise<Analysis | null> {
    const [r] = await this.tx.db
      .select()
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), eq(analyses.status, 'needs_review')))
      .orderBy(sql`${analyses.priorityRank} desc nulls last`, asc(analyses.createdAt), asc(analyses.id))
      .limit(1)
      .for('update', { skipLocked: true });
    return r ? restore(r) : null;
  }

  async findForRescore(organizationId: string, analysisIds: string[]): Promise<Analysis[]> {
    if (analysisIds.length === 0) return [];
    const rows = await this.tx.db
      .select()
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), inArray(analyses.id, analysisIds), isNotNull(analyses.result)))
      .orderBy(asc(analyses.id))
      .for('update');
    return rows.map(restore);
  }

  async save(analysis: Analysis): Promise<void> {
    const s = analysis.snapshot();
    const row = {
      ...s,
      priorityRank: s.priority ? PRIORITY_RANK[s.priority] : 0,
      fraudScore: s.result?.fraudScore ?? null,
    };
    const { id: _i, organizationId: _o, createdAt: _c, ...changes } = row;
    await this.tx.db
      .insert(analyses)
      .values(row)
      .onConflictDoUpdate({ target: analyses.id, set: { ...changes, updatedAt: new Date() } });
    const results = analysis.pullNewResults();
    if (results.length > 0) {
      await this.tx.db
        .insert(analysisResults)
        .values(results.map((result) => ({ organizationId: s.organizationId, id: newId(), analysisId: s.id, result })));
    }
    this.uow.collect(analysis);
  }
}

@Injectable()
export class DrizzleReviewerLoads extends ReviewerLoads {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async adjust(organizationId: string, userId: string, delta: 1 | -1): Promise<number> {
    const [r] = await this.tx.db
      .insert(reviewerLoads)
      .values({ organizationId, userId, openAssignments: Math.max(0, delta) })
      .onConflictDoUpdate({
        target: [reviewerLoads.organizationId, reviewerLoads.userId],
        set: { openAssignments: sql`greatest(0, ${reviewerLoads.openAssignments} + ${delta})` },
      })
      .returning({ load: reviewerLoads.openAssignments });
    return r?.load ?? 0;
  }

  async leastLoadedReviewer(organizationId: string): Promise<string | null> {
    const [r] = await this.tx.db
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .leftJoin(
        reviewerLoads,
        and(eq(reviewerLoads.organizationId, organizationMembers.organizationId), eq(reviewerLoads.userId, organizationMembers.userId)),
      )
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'reviewer')))
      .orderBy(sql`coalesce(${reviewerLoads.openAssignments}, 0)`, asc(organizationMembers.userId))
      .limit(1);
    return r?.userId ?? null;
  }

  async isReviewer(organizationId: string, userId: string): Promise<boolean> {
    const [r] = await this.tx.db
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)));
    return r !== undefined && ['reviewer', 'admin', 'owner'].includes(r.role);
  }
}

@Injectable()
export class DrizzleScoringConfigRepository extends ScoringConfigRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async latest(organizationId: string): Promise<ScoringConfigVersionView | null> {
    const [r] = await this.tx.db
      .select()
      .from(scoringConfigs)
      .where(eq(scoringConfigs.organizationId, organizationId))
      .orderBy(desc(scoringConfigs.version))
      .limit(1);
    return r ?? null;
  }

  async version(organizationId: string, version: number): Promise<ScoringConfigVersionView | null> {
    const [r] = await this.tx.db
      .select()
      .from(scoringConfigs)
      .where(and(eq(scoringConfigs.organizationId, organizationId), eq(scoringConfigs.version, version)));
    return r ?? null;
  }

  async nextVersion(organizationId: string): Promise<number> {
    await this.tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${organizationId}, 7262))`);
    return ((await this.latest(organizationId))?.version ?? 0) + 1;
  }

  async save(v: ScoringConfigVersion): Promise<void> {
    await this.tx.db
      .insert(scoringConfigs)
      .values({ organizationId: v.organizationId, version: v.version, config: v.config, createdBy: v.createdBy });
    this.uow.collect(v);
  }
}
