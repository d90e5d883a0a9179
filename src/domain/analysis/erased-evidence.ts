import { ERASED } from '../shared/erased';
import type { AnalysisResult } from './analysis.aggregate';

/**
 * A result with what was said and any attribute text replaced by `[erased]`: the score, the
 * factor codes, the phrases matched (the rules', not the caller's words) and the timings stay,
 * so the decision remains explainable without the person's data.
 */
export function withEvidenceErased(result: AnalysisResult): AnalysisResult {
  return {
    ...result,
    riskFactors: result.riskFactors.map((factor) => ({
      ...factor,
      evidence: factor.evidence.map((e) =>
        e.kind === 'phrase' ? { ...e, text: ERASED } : typeof e.value === 'string' ? { ...e, value: ERASED } : e,
      ),
    })),
  };
}
