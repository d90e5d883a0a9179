import type { ScoreResult, ScoringConfiguration, ScoringInput } from '../scoring/risk-scoring';

/** Scores one call; any scorer must be deterministic for the same input and configuration. */
export abstract class RiskScorer {
  abstract score(input: ScoringInput, config: ScoringConfiguration): ScoreResult;
}
