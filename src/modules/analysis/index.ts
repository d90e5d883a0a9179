export { AnalysisModule } from './analysis.module';
export { CREATE_ANALYSIS_QUEUE, PROCESS_ANALYSIS_QUEUE, ANALYTICS_REFRESH_QUEUE } from './analysis-queues';
export { AnalyticsRefreshJob } from './jobs/analytics-refresh.job';
export { ExportAnalysisRowsQuery } from './queries/export-analysis-rows/export-analysis-rows.query';
export { EraseAnalysisEvidenceCommand } from './commands/erase-analysis-evidence/erase-analysis-evidence.command';
export { EraseReviewerNotesCommand } from './commands/erase-reviewer-notes/erase-reviewer-notes.command';
