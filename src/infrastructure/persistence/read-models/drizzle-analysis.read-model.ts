import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gte, lt, lte, max } from 'drizzle-orm';
import type { AnalysisStatus, Priority } from '../../../domain/analysis/analysis-status';
import {
  AnalysisReadModel,
  AnalyticsRollup,
  type AnalysisFilter,
  type AnalysisView,
  type AnalyticsDay,
} from '../../../domain/analysis/ports/analysis-read-model.port';
import { analyses, analysisResults, analyticsDaily } from '../schema/analysis.schema';
import { TransactionContext } from '../transaction-context';
import { executeRaw } from '../database';

const columns = {
  id: analyses.id,
  recordingId: analyses.recordingId,
  callId: analyses.callId,
  source: analyses.source,
  fileName: analyses.fileName,
  fileHash: analyses.fileHash,
  status: analyses.status,
  priority: analyses.priority,
  fraudScore: analyses.fraudScore,
  result: analyses.result,
  errorReason: analyses.errorReason,
  assignedTo: analyses.assignedTo,
  assignedBy: analyses.assignedBy,
  assignedAt: analyses.assignedAt,
  reviewedBy: analyses.reviewedBy,
  reviewDecision: analyses.reviewDecision,
  reviewNotes: analyses.reviewNotes,
  completedAt: analyses.completedAt,
  metrics: analyses.metrics,
  createdAt: analyses.createdAt,
  updatedAt: analyses.updatedAt,
};

type Row = Omit<AnalysisView, 'status' | 'priority'> & { status: string; priority: string | null };
const asView = (r: Row): AnalysisView => ({ ...r, status: r.status as AnalysisStatus, priority: r.priority as Priority | null });

@Injectable()
export class DrizzleAnalysisReadModel extends AnalysisReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async list(organizationId: string, f: AnalysisFilter, beforeId: string | null, limit: number): Promise<AnalysisView[]> {
    const rows = await this.tx.db
      .select(columns)
      .from(analyses)
      .where(
        and(
          eq(analyses.organizationId, organizationId),
          f.status ? eq(analyses.status, f.status) : undefined,
          f.priority ? eq(analyses.priority, f.priority) : undefined,
          f.assignedTo ? eq(analyses.assignedTo, f.assignedTo) : undefined,
          f.minScore !== undefined ? gte(analyses.fraudScore, f.minScore) : undefined,
          f.from ? gte(analyses.createdAt, f.from) : undefined,
          f.to ? lte(analyses.createdAt, f.to) : undefined,
          beforeId ? lt(analyses.id, beforeId) : undefined,
        ),
      )
      .orderBy(desc(analyses.id))
      .limit(limit);
    return rows.map(asView);
  }

  async get(organizationId: string, analysisId: string): Promise<AnalysisView | null> {
    const [r] = await this.tx.db.select(columns).from(analyses).where(and(eq(analyses.organizationId, organizationId), eq(analyses.id, analysisId)));
    return r ? asView(r) : null;
  }

  async forCall(organizationId: string, callId: string): Promise<AnalysisView | null> {
    const [r] = await this.tx.db
      .select(columns)
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), eq(analyses.callId, callId)))
      .orderBy(asc(analyses.id))
      .limit(1);
    return r ? asView(r) : null;
  }

  async findByFileHash(organizationId: string, fileHash: string): Promise<AnalysisView | null> {
    const [r] = await this.tx.db
      .select(columns)
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), eq(analyses.fileHash, fileHash)))
      .orderBy(asc(analyses.id))
      .limit(1);
    return r ? asView(r) : null;
  }

  async history(organizationId: string, analysisId: string) {
    const rows = await this.tx.db
      .select({ result: analysisResults.result, recordedAt: analysisResults.createdAt })
      .from(analysisResults)
      .where(and(eq(analysisResults.organizationId, organizationId), eq(analysisResults.analysisId, analysisId)))
      .orderBy(asc(analysisResults.id));
    return rows;
  }

  async analytics(organizationId: string, fromDay: string, toDay: string): Promise<{ days: AnalyticsDay[]; refreshedAt: Date | null }> {
    const where = and(eq(analyticsDaily.organizationId, organizationId), gte(analyticsDaily.day, fromDay), lte(analyticsDaily.day, toDay));
    const rows = await this.tx.db
      .select({
        day: analyticsDaily.day,
        callsTotal: analyticsDaily.callsTotal,
        callsAnswered: analyticsDaily.callsAnswered,
        analyses: analyticsDaily.analyses,
        highRiskAnalyses: analyticsDaily.highRiskAnalyses,
        averageFraudScore: analyticsDaily.averageFraudScore,
        activeReviewers: analyticsDaily.activeReviewers,
        medianReviewSeconds: analyticsDaily.medianReviewSeconds,
      })
      .from(analyticsDaily)
      .where(where)
      .orderBy(asc(analyticsDaily.day));
    const [r] = await this.tx.db.select({ at: max(analyticsDaily.refreshedAt) }).from(analyticsDaily).where(eq(analyticsDaily.organizationId, organizationId));
    return { days: rows, refreshedAt: r?.at ?? null };
  }
}

/**
 * Rebuilds the per-day rows from `fromDay` on with one statement per run: each day's figures
 * come straight from calls and analyses through their (organization, time) indexes.
 */
@Injectable()
export class DrizzleAnalyticsRollup extends AnalyticsRollup {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async refresh(organizationId: string | null, fromDay: string, now: Date): Promise<number> {
    // Days are UTC days, whatever the server's time zone.
    await executeRaw(this.tx.db, `set local time zone 'UTC'`);
    const result = await executeRaw(
      this.tx.db,
      `insert into analytics_daily (organization_id, day, calls_total, calls_answered, analyses, high_risk_analyses, average_fraud_score, active_reviewers, median_review_seconds, refreshed_at)
       select o.id, d.day::date,
         (select count(*) from calls c where c.organization_id = o.id and c.parent_call_sid is null and c.created_at >= d.day and c.created_at < d.day + interval '1 day')::int,
         (select count(*) from calls c where c.organization_id = o.id and c.parent_call_sid is null and c.answered_at is not null and c.created_at >= d.day and c.created_at < d.day + interval '1 day')::int,
         (select count(*) from analyses a where a.organization_id = o.id and a.created_at >= d.day and a.created_at < d.day + interval '1 day')::int,
         (select count(*) from analyses a where a.organization_id = o.id and a.priority = 'high' and a.created_at >= d.day and a.created_at < d.day + interval '1 day')::int,
         (select avg(a.fraud_score) from analyses a where a.organization_id = o.id and a.created_at >= d.day and a.created_at < d.day + interval '1 day'),
         (select count(distinct a.reviewed_by) from analyses a where a.organization_id = o.id and a.reviewed_by is not null and a.completed_at >= d.day and a.completed_at < d.day + interval '1 day')::int,
         (select percentile_cont(0.5) within group (order by extract(epoch from a.completed_at - a.needs_review_at))
            from analyses a where a.organization_id = o.id and a.status = 'cleared' and a.needs_review_at is not null and a.completed_at >= d.day and a.completed_at < d.day + interval '1 day'),
         $3::timestamptz
       from organizations o
       cross join generate_series($1::date::timestamptz, date_trunc('day', $3::timestamptz), interval '1 day') as d(day)
       where o.deleted_at is null and ($2::uuid is null or o.id = $2::uuid)
       on conflict (organization_id, day) do update set
         calls_total = excluded.calls_total, calls_answered = excluded.calls_answered, analyses = excluded.analyses,
         high_risk_analyses = excluded.high_risk_analyses, average_fraud_score = excluded.average_fraud_score,
         active_reviewers = excluded.active_reviewers, median_review_seconds = excluded.median_review_seconds, refreshed_at = excluded.refreshed_at`,
      [fromDay, organizationId, now.toISOString()],
    );
    return result.rowCount;
  }
}

