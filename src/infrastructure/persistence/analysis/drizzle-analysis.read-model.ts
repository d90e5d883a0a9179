import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AnalysisStatus, Priority } from '@domain/analysis/analysis-status';
import {
  AnalysisReadModel,
  AnalyticsRollup,
  type AnalysisFilter,
  type AnalysisView,
  type AnalyticsDay,
} from '@domain/analysis/ports/analysis-read-model.port';
import { analyses, analysisResults, analyticsDaily } from './analysis.schema';
import { TransactionContext } from '../transaction-context';
import { decode, executeRaw, PreparedStatement } from '../database';

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

  get(organizationId: string, analysisId: string): Promise<AnalysisView | null> {
    return this.first(organizationId, eq(analyses.id, analysisId));
  }

  forCall(organizationId: string, callId: string): Promise<AnalysisView | null> {
    return this.first(organizationId, eq(analyses.callId, callId));
  }

  findByFileHash(organizationId: string, fileHash: string): Promise<AnalysisView | null> {
    return this.first(organizationId, eq(analyses.fileHash, fileHash));
  }

  /** The organization's first analysis in id order that meets the condition (one lookup for the single reads). */
  private async first(organizationId: string, condition: SQL): Promise<AnalysisView | null> {
    const [r] = await this.tx.db
      .select(columns)
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), condition))
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
    const rows = await ANALYTICS_SUMMARY.rows(this.tx.db, { organizationId, fromDay, toDay });
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      days: rows
        .filter((r) => r.day !== null)
        .map((r) => ({
          day: String(r.day),
          callsTotal: Number(r.calls_total),
          callsAnswered: Number(r.calls_answered),
          analyses: Number(r.analyses),
          highRiskAnalyses: Number(r.high_risk_analyses),
          averageFraudScore: num(r.average_fraud_score),
          activeReviewers: Number(r.active_reviewers),
          medianReviewSeconds: num(r.median_review_seconds),
        })),
      refreshedAt: decode(analyticsDaily.refreshedAt, rows[0]?.refreshed_at),
    };
  }
}

/**
 * GET analytics/summary in one prepared statement: the days of the range (primary key range scan
 * on (organization_id, day)) beside the organization's last refresh, which comes back even when
 * the range has no rows (then one row with a null day).
 */
const ANALYTICS_SUMMARY = new PreparedStatement<'organizationId' | 'fromDay' | 'toDay'>(
  'analysis_analytics_summary',
  sql`select d.day::text as day, d.calls_total, d.calls_answered, d.analyses, d.high_risk_analyses, d.average_fraud_score, d.active_reviewers,
      d.median_review_seconds, m.refreshed_at
    from (select max(${analyticsDaily.refreshedAt}) as refreshed_at from ${analyticsDaily} where ${analyticsDaily.organizationId} = ${sql.placeholder('organizationId')}) m
    left join lateral (
      select ${analyticsDaily.day} as day, ${analyticsDaily.callsTotal} as calls_total, ${analyticsDaily.callsAnswered} as calls_answered,
        ${analyticsDaily.analyses} as analyses, ${analyticsDaily.highRiskAnalyses} as high_risk_analyses,
        ${analyticsDaily.averageFraudScore} as average_fraud_score, ${analyticsDaily.activeReviewers} as active_reviewers,
        ${analyticsDaily.medianReviewSeconds} as median_review_seconds
      from ${analyticsDaily}
      where ${analyticsDaily.organizationId} = ${sql.placeholder('organizationId')} and ${analyticsDaily.day} >= ${sql.placeholder('fromDay')}::date
        and ${analyticsDaily.day} <= ${sql.placeholder('toDay')}::date
    ) d on true
    order by d.day asc`,
);

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
