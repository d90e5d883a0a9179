import type { Analysis } from './analysis.aggregate';
import { analysisNotFound } from './errors';
import type { AnalysisRepository } from './ports/analysis-repositories.port';

/** The analysis, locked for the transaction, or `analysis.not_found`. */
export async function existingAnalysis(analyses: AnalysisRepository, organizationId: string, analysisId: string): Promise<Analysis> {
  const analysis = await analyses.findById(organizationId, analysisId);
  if (!analysis) throw analysisNotFound();
  return analysis;
}
