import { Inject, Injectable, Optional } from '@nestjs/common';
import { RiskScorer } from '@domain/analysis/ports/risk-scorer.port';
import { combine, packsFor, scoreCall, transcriptUnits } from '@domain/analysis/scoring/builtin-risk-scorer';
import { TranscriptQuotes, type PhraseEvidence } from '@domain/analysis/scoring/quoted-evidence';
import type { RiskFactor, ScoreResult, ScoringConfiguration, ScoringInput } from '@domain/analysis/scoring/risk-scoring';
import { RULES } from '@domain/analysis/scoring/rule-catalog';
import type { RuleUnit } from '@domain/analysis/scoring/rule-engine';
import { AppConfig } from '../config/app-config';
import { chatJson, ChatModelError, type ChatMessage, type FetchLike } from './openai-compatible.chat';

/** Bump when the prompt or the way answers are read changes: it is part of the scorer version. */
export const MODEL_SCORER_PROMPT_VERSION = 'p1';
/** A model's factor never weighs more than this: certainty is for people. */
export const MAX_MODEL_WEIGHT = 0.95;
/** At most this many factors, and quotes per factor, are read from an answer. */
export const MAX_MODEL_FACTORS = 12;
export const MAX_MODEL_QUOTES = 5;
/** The transcript sent is cut at this many characters (the start of a call says most). */
export const MAX_TRANSCRIPT_CHARS = 24_000;

export interface OpenAiCompatibleRiskScorerOptions {
  /** Replaces the global fetch (tests). */
  fetch?: FetchLike;
}

/** Optional Nest provider token for the options above. */
export const OPENAI_COMPATIBLE_RISK_SCORER_OPTIONS = Symbol('OPENAI_COMPATIBLE_RISK_SCORER_OPTIONS');

/**
 * A second scorer beside the built-in one: a model behind an OpenAI-compatible chat API is asked
 * for the call's fraud factors, each with the exact words of the transcript that show it.
 *
 * - Every quote is looked for in the transcript (`TranscriptQuotes`): a quote that is not there
 *   is dropped, never shown; a factor left without a quote is dropped. What is shown quotes the
 *   transcript's own words, with their speaker and times.
 * - The built-in factors are kept beside the model's (model factors are coded `model_<code>`).
 *   The score is the higher of the built-in score and the model's verified factors combined: the
 *   model can raise a score with evidence, never lower what the rules found.
 * - The result names both scorers: `builtin-2.0.0+model:<model>/p1`.
 * - When the model fails (unreachable, slow past SCORING_MODEL_TIMEOUT_SECONDS, refusing, or
 *   answering something unreadable) the built-in result stands, named as such, with a note.
 */
@Injectable()
export class OpenAiCompatibleRiskScorer extends RiskScorer {
  private readonly fetch: FetchLike | undefined;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(OPENAI_COMPATIBLE_RISK_SCORER_OPTIONS) options?: OpenAiCompatibleRiskScorerOptions,
  ) {
    super();
    this.fetch = options?.fetch;
  }

  async score(input: ScoringInput, config: ScoringConfiguration): Promise<ScoreResult> {
    const builtin = scoreCall(input, config);
    const settings = this.config.scoringModel;
    const units = transcriptUnits(input);
    if (settings === null || units.length === 0) return builtin;

    let answer: Record<string, unknown>;
    try {
      answer = await chatJson(settings, this.messages(input, units), this.fetch);
    } catch (error) {
      const reason = error instanceof ChatModelError ? error.message : 'failed';
      return withNotes(builtin, [`Model ${settings.model} not used (${reason}): the built-in score stands`]);
    }
    const factors = readFactors(answer);
    if (factors === null) {
      return withNotes(builtin, [`Model ${settings.model} not used (its answer had no list of factors): the built-in score stands`]);
    }

    const quotes = new TranscriptQuotes(units);
    let dropped = 0;
    const verified: RiskFactor[] = [];
    for (const factor of factors) {
      const evidence: PhraseEvidence[] = [];
      for (const quote of factor.quotes) {
        const found = quotes.find(quote);
        if (found === null) dropped++;
        else if (!evidence.some((e) => e.phrase === found.phrase && e.startMs === found.startMs)) evidence.push(found);
      }
      if (evidence.length > 0) verified.push({ code: `model_${factor.code}`, weight: factor.weight, evidence });
    }
    const merged = new Map<string, RiskFactor>();
    for (const factor of verified) {
      const seen = merged.get(factor.code);
      merged.set(
        factor.code,
        seen ? { ...seen, weight: Math.max(seen.weight, factor.weight), evidence: [...seen.evidence, ...factor.evidence] } : factor,
      );
    }
    const modelFactors = [...merged.values()];
    const notes = [...(builtin.notes ?? [])];
    if (dropped > 0)
      notes.push(
        `Model ${settings.model}: ${dropped} quoted passage${dropped === 1 ? ' was' : 's were'} not in the transcript and ${dropped === 1 ? 'was' : 'were'} dropped`,
      );
    const result: ScoreResult = {
      fraudScore: Math.max(builtin.fraudScore, combine(modelFactors.map((f) => f.weight))),
      riskFactors: [...builtin.riskFactors, ...modelFactors].sort(
        (a, b) => b.weight - a.weight || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      ),
      scorerVersion: `${builtin.scorerVersion}+model:${settings.model}/${MODEL_SCORER_PROMPT_VERSION}`,
    };
    if (notes.length > 0) result.notes = notes;
    return result;
  }

  private messages(input: ScoringInput, units: RuleUnit[]): ChatMessage[] {
    const { language } = packsFor(input, units);
    const lines: string[] = [];
    let length = 0;
    for (const unit of units) {
      const at = unit.startMs === null ? '' : `[${(unit.startMs / 1000).toFixed(1)}s] `;
      const line = `${at}${unit.role}: ${unit.text.replace(/\s+/g, ' ').trim()}`;
      if (length + line.length > MAX_TRANSCRIPT_CHARS) break;
      lines.push(line);
      length += line.length + 1;
    }
    return [
      { role: 'system', content: SYSTEM_PROMPT },
      {
        role: 'user',
        content: `Call direction: ${input.call?.direction ?? 'unknown'}. Language: ${language ?? 'unknown'}.\nTranscript:\n${lines.join('\n')}`,
      },
    ];
  }
}

const SYSTEM_PROMPT = [
  'You review phone calls recorded by a call centre for fraud and social engineering.',
  'Each transcript line says who speaks: "caller" is the party outside the organization (on an outbound call, the person called); "agent" is the organization\'s side, or whoever answered a protected line; "unknown" when it is not known.',
  'List the signals of fraud in the call, each with the exact words of the transcript that show it.',
  'An agent verifying the customer\'s identity is not fraud. Negated words ("we will never ask for your code") and reported words ("he asked me for the code") are not requests.',
  'Answer with one JSON object and nothing else: {"factors":[{"code":"otp_request","weight":0.8,"quotes":["read me the code we sent"]}]}.',
  `code: one of ${RULES.filter((r) => r.class !== 'dampener')
    .map((r) => r.code)
    .join(', ')}, or another short snake_case code.`,
  'weight: from 0 to 1, how strongly this signal alone points to fraud.',
  "quotes: one to three passages copied word for word from the transcript, each at least two words, in the transcript's language. Never paraphrase or translate a quote.",
  'If nothing points to fraud, answer {"factors":[]}.',
].join('\n');

interface ModelFactor {
  code: string;
  weight: number;
  quotes: string[];
}

/** The factors of an answer, cleaned; null when the answer has no list of factors. */
export function readFactors(answer: Record<string, unknown>): ModelFactor[] | null {
  const list = answer.factors;
  if (!Array.isArray(list)) return null;
  const factors: ModelFactor[] = [];
  for (const raw of list.slice(0, MAX_MODEL_FACTORS)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { code, weight, quotes } = raw as { code?: unknown; weight?: unknown; quotes?: unknown };
    if (typeof code !== 'string' || typeof weight !== 'number' || !Number.isFinite(weight) || !Array.isArray(quotes)) continue;
    const clean = code
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48);
    if (clean === '' || !/^[a-z]/.test(clean)) continue;
    const texts = quotes.filter((q): q is string => typeof q === 'string').slice(0, MAX_MODEL_QUOTES);
    factors.push({ code: clean, weight: Math.round(Math.min(MAX_MODEL_WEIGHT, Math.max(0, weight)) * 10_000) / 10_000, quotes: texts });
  }
  return factors.filter((f) => f.weight > 0);
}

function withNotes(result: ScoreResult, notes: string[]): ScoreResult {
  return { ...result, notes: [...(result.notes ?? []), ...notes] };
}
