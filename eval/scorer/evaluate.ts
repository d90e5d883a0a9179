import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scoreCall } from '@domain/analysis/scoring/builtin-risk-scorer';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import type { ScoreResult, ScoringConfiguration, ScoringInput } from '@domain/analysis/scoring/risk-scoring';
import { DEFAULT_ORGANIZATION_SETTINGS } from '@domain/tenancy/organization-settings';
import { type CorpusCall, loadCorpus, scoringInput, type Split } from './corpus';
import { type Band, calibration, type Figures, figures } from './metrics';

/** The organization's default review threshold: what "flagged" means in every figure. */
export const DEFAULT_THRESHOLD = DEFAULT_ORGANIZATION_SETTINGS.reviewThreshold;

export interface CallResult {
  id: string;
  split: Split;
  language: string;
  label: 'fraud' | 'legit';
  category: string;
  speakers: CorpusCall['speakers'];
  score: number;
  factors: string[];
}

export interface Slice {
  name: string;
  figures: Figures;
}

export interface SplitReport {
  split: Split;
  threshold: number;
  overall: Figures;
  /** Each scam type's fraudulent calls against every legitimate call of the split. */
  scamTypes: Slice[];
  /** Every fraudulent call of the split against each kind of legitimate call. */
  legitKinds: Slice[];
  languages: Slice[];
  /** By how the speakers were given (roles, channels with the direction, unknown). */
  speakers: Slice[];
  calibration: Band[];
}

export type Scorer = (input: ScoringInput, config: ScoringConfiguration) => ScoreResult;

export function scoreCorpus(
  calls: readonly CorpusCall[],
  scorer: Scorer = scoreCall,
  config: ScoringConfiguration = DEFAULT_SCORING_CONFIGURATION,
): CallResult[] {
  return calls.map((call) => {
    const result = scorer(scoringInput(call), config);
    return {
      id: call.id,
      split: call.split,
      language: call.language,
      label: call.label,
      category: call.category,
      speakers: call.speakers,
      score: result.fraudScore,
      factors: result.riskFactors.map((f) => `${f.code}:${f.weight}`),
    };
  });
}

const scored = (results: readonly CallResult[]) => results.map((r) => ({ score: r.score, fraud: r.label === 'fraud' }));
const distinct = (values: string[]) => [...new Set(values)].sort();

export function splitReport(all: readonly CallResult[], split: Split, threshold: number = DEFAULT_THRESHOLD): SplitReport {
  const results = all.filter((r) => r.split === split);
  const fraud = results.filter((r) => r.label === 'fraud');
  const legit = results.filter((r) => r.label === 'legit');
  const slice = (name: string, items: readonly CallResult[]): Slice => ({ name, figures: figures(scored(items), threshold) });
  return {
    split,
    threshold,
    overall: figures(scored(results), threshold),
    scamTypes: distinct(fraud.map((r) => r.category)).map((c) => slice(c, [...fraud.filter((r) => r.category === c), ...legit])),
    legitKinds: distinct(legit.map((r) => r.category)).map((c) => slice(c, [...fraud, ...legit.filter((r) => r.category === c)])),
    languages: distinct(results.map((r) => r.language)).map((l) =>
      slice(
        l,
        results.filter((r) => r.language === l),
      ),
    ),
    speakers: distinct(results.map((r) => r.speakers)).map((s) =>
      slice(
        s,
        results.filter((r) => r.speakers === s),
      ),
    ),
    calibration: calibration(scored(results)),
  };
}

/** The figures a split must not fall below: what the scorer reached, minus a small margin. */
export interface Floors {
  threshold: number;
  splits: Partial<
    Record<
      Split,
      {
        overall: { precision: number; recall: number; f1: number; auc: number; maxFalsePositiveRate: number };
        languages: Record<string, { recall: number }>;
      }
    >
  >;
}

export const FLOORS_FILE = path.join(__dirname, 'floors.json');

export function loadFloors(file: string = FLOORS_FILE): Floors {
  return JSON.parse(readFileSync(file, 'utf8')) as Floors;
}

/** What falls below its floor, one sentence each; empty when every figure holds. */
export function belowFloors(report: SplitReport, floors: Floors): string[] {
  const floor = floors.splits[report.split];
  if (!floor) return [];
  const problems: string[] = [];
  const at = (value: number | null) => (value === null ? 'none' : value.toFixed(3));
  const check = (name: string, value: number | null, min: number) => {
    if (value === null || value < min) problems.push(`${report.split} ${name} ${at(value)} is below its floor ${min}`);
  };
  check('precision', report.overall.precision, floor.overall.precision);
  check('recall', report.overall.recall, floor.overall.recall);
  check('F1', report.overall.f1, floor.overall.f1);
  check('AUC', report.overall.auc, floor.overall.auc);
  const fpr = report.overall.falsePositiveRate;
  if (fpr === null || fpr > floor.overall.maxFalsePositiveRate) {
    problems.push(`${report.split} false positive rate ${at(fpr)} is above its ceiling ${floor.overall.maxFalsePositiveRate}`);
  }
  for (const [language, min] of Object.entries(floor.languages)) {
    const slice = report.languages.find((l) => l.name === language);
    check(`recall (${language})`, slice?.figures.recall ?? null, min.recall);
  }
  return problems;
}

/** Scores the whole corpus with the built-in scorer and reports each split. */
export function evaluate(options: { scorer?: Scorer; config?: ScoringConfiguration; threshold?: number } = {}): {
  results: CallResult[];
  reports: Record<Split, SplitReport>;
} {
  const results = scoreCorpus(loadCorpus(), options.scorer, options.config);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  return { results, reports: { tune: splitReport(results, 'tune', threshold), heldout: splitReport(results, 'heldout', threshold) } };
}
