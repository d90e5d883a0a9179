import { Injectable } from '@nestjs/common';
import {
  AnalysisExportReadModel,
  ANALYSIS_EXPORT_KINDS,
  type AnalysisExportKind,
} from '@domain/analysis/ports/analysis-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import { analyses, analysisResults, scoringConfigs } from './analysis.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<AnalysisExportKind, ExportTable> = {
  analysis: { table: analyses, organization: analyses.organizationId, keys: [analyses.id] },
  analysis_result: { table: analysisResults, organization: analysisResults.organizationId, keys: [analysisResults.id] },
  scoring_config: { table: scoringConfigs, organization: scoringConfigs.organizationId, keys: [scoringConfigs.version] },
};

@Injectable()
export class DrizzleAnalysisExportReadModel extends AnalysisExportReadModel {
  readonly kinds = ANALYSIS_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'analysis', kind, organizationId, after, limit);
  }
}
