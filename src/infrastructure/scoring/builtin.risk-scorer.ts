import { RiskScorer } from '@domain/analysis/ports/risk-scorer.port';
import { scoreCall } from '@domain/analysis/scoring/builtin-risk-scorer';
import type { ScoreResult, ScoringConfiguration, ScoringInput } from '@domain/analysis/scoring/risk-scoring';

/** The built-in scorer behind the port: explainable rule, caller and history factors. */
export class BuiltinRiskScorer extends RiskScorer {
  score(input: ScoringInput, config: ScoringConfiguration): Promise<ScoreResult> {
    return Promise.resolve(scoreCall(input, config));
  }
}
