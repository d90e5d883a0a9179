import type { ScoreResult, ScoringConfiguration, ScoringInput } from '../scoring/risk-scoring';

/**
 * Scores one call. The built-in scorer is deterministic for the same input and configuration;
 * a scorer that asks a model is not, so its result names the model (`scorerVersion`) and every
 * piece of evidence it shows was found in the transcript.
 */
export abstract class RiskScorer {
  abstract score(input: ScoringInput, config: ScoringConfiguration): Promise<ScoreResult>;
}
