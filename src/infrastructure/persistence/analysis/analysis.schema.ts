import { sql } from 'drizzle-orm';
import { date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import type { AnalysisResult, ReviewMetrics } from '@domain/analysis/analysis.aggregate';
import type { ScoringConfiguration } from '@domain/analysis/scoring/risk-scoring';
import { recordings } from '../recording/recording.schema';
import { organizationIdColumn } from '../tenancy/tenancy.schema';

export const analyses = pgTable(
  'analyses',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    recordingId: uuid('recording_id').references(() => recordings.id),
    callId: uuid('call_id'),
    source: text('source').notNull(),
    fileName: text('file_name'),
    fileHash: text('file_hash'),
    status: text('status').notNull(),
    priority: text('priority'),
    /** 3 high, 2 medium, 1 low, 0 none: the queue's order. */
    priorityRank: integer('priority_rank').notNull().default(0),
    fraudScore: doublePrecision('fraud_score'),
    result: jsonb('result').$type<AnalysisResult>(),
    errorReason: text('error_reason'),
    assignedTo: uuid('assigned_to'),
    assignedBy: uuid('assigned_by'),
    assignedAt: timestamptz('assigned_at'),
    reviewedBy: uuid('reviewed_by'),
    reviewDecision: text('review_decision'),
    reviewNotes: text('review_notes'),
    completedAt: timestamptz('completed_at'),
    needsReviewAt: timestamptz('needs_review_at'),
    metrics: jsonb('metrics').$type<ReviewMetrics>().notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('analyses_recording_key').on(t.organizationId, t.recordingId),
    index('analyses_org_id_idx').on(t.organizationId, t.id),
    index('analyses_org_status_priority_idx').on(t.organizationId, t.status, t.priority, t.id),
    // In the claim's own order, so the next one is a single index entry.
    index('analyses_queue_idx')
      .on(t.organizationId, t.priorityRank.desc(), t.createdAt, t.id)
      .where(sql`${t.status} = 'needs_review'`),
    index('analyses_org_completed_idx')
      .on(t.organizationId, t.completedAt)
      .where(sql`${t.completedAt} is not null`),
    index('analyses_org_assignee_idx')
      .on(t.organizationId, t.assignedTo)
      .where(sql`${t.assignedTo} is not null`),
    index('analyses_org_created_idx').on(t.organizationId, t.createdAt),
  ],
);

/** Every result an analysis ever had: a rescore appends, nothing is rewritten. */
export const analysisResults = pgTable(
  'analysis_results',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    analysisId: uuid('analysis_id')
      .notNull()
      .references(() => analyses.id),
    result: jsonb('result').$type<AnalysisResult>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('analysis_results_analysis_idx').on(t.organizationId, t.analysisId, t.id)],
);

/** Versioned scoring configurations; a new version is a new row. */
export const scoringConfigs = pgTable(
  'scoring_configs',
  {
    organizationId: organizationIdColumn(),
    version: integer('version').notNull(),
    config: jsonb('config').$type<ScoringConfiguration>().notNull(),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.version] })],
);

/** Open assignments per reviewer, kept in the same transaction as every assignment change. */
export const reviewerLoads = pgTable(
  'reviewer_loads',
  {
    organizationId: organizationIdColumn(),
    userId: uuid('user_id').notNull(),
    openAssignments: integer('open_assignments').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/** Per organization and day, refreshed by a job (the answer says when). */
export const analyticsDaily = pgTable(
  'analytics_daily',
  {
    organizationId: organizationIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    callsTotal: integer('calls_total').notNull(),
    callsAnswered: integer('calls_answered').notNull(),
    analyses: integer('analyses').notNull(),
    highRiskAnalyses: integer('high_risk_analyses').notNull(),
    averageFraudScore: doublePrecision('average_fraud_score'),
    activeReviewers: integer('active_reviewers').notNull(),
    medianReviewSeconds: doublePrecision('median_review_seconds'),
    refreshedAt: timestamptz('refreshed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);
