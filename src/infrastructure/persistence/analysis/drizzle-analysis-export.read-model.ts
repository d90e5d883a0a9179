import { Injectable } from '@nestjs/common';
import {
  AnalysisExportReadModel,
  ANALYSIS_EXPORT_KINDS,
  type AnalysisExportKind,
} from '@domain/analysis/ports/analysis-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPage, type ExportTable } from '../export-pages';
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
    const table = TABLES[kind as AnalysisExportKind];
    if (!table) throw new Error(`analysis exports no ${kind}`);
    return exportPage(this.tx.db, table, kind, organizationId, after, limit);
  }
}
