import type { Analysis } from './analysis.aggregate';
import { analysisNotFound } from './errors';
import type { AnalysisRepository } from './ports/analysis-repositories.port';

/** The analysis, locked for the transaction, or `analysis.not_found`. */
export async function existingAnalysis(analyses: AnalysisRepository, organizationId: string, analysisId: string): Promise<Analysis> {
  const analysis = await analyses.findById(organizationId, analysisId);
  if (!analysis) throw analysisNotFound();
  return analysis;
}

/** Loads the analysis (locked), lets `change` act on it and saves it: the whole of a command that changes one analysis. */
export async function changeAnalysis(
  analyses: AnalysisRepository,
  organizationId: string,
  analysisId: string,
  change: (analysis: Analysis) => void,
): Promise<void> {
  const analysis = await existingAnalysis(analyses, organizationId, analysisId);
  change(analysis);
  await analyses.save(analysis);
}
