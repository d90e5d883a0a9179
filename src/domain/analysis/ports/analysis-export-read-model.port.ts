import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the analysis context contributes to an organization's export, in export order. */
export const ANALYSIS_EXPORT_KINDS = ['analysis', 'analysis_result', 'scoring_config'] as const;
export type AnalysisExportKind = (typeof ANALYSIS_EXPORT_KINDS)[number];

/**
 * Analyses, their result history and the scoring configurations.
 * Keyset pages of the analysis context's own tables for one organization.
 */
export abstract class AnalysisExportReadModel extends ExportRowsReadModel {}
