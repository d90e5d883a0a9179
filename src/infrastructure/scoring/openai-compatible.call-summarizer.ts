import { CallSummarizer } from '@domain/recording/ports/call-summarizer.port';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { packsFor, transcriptUnits } from '@domain/analysis/scoring/builtin-risk-scorer';
import { keepVerifiedQuotes, TranscriptQuotes } from '@domain/analysis/scoring/quoted-evidence';
import type { ScoringInput } from '@domain/analysis/scoring/risk-scoring';
import { AppConfig } from '../config/app-config';
import { chatJson, ChatModelError, type FetchLike } from './openai-compatible.chat';
import {
  MAX_TRANSCRIPT_CHARS,
  OPENAI_COMPATIBLE_RISK_SCORER_OPTIONS,
  type OpenAiCompatibleRiskScorerOptions,
} from './openai-compatible.risk-scorer';

/** What a call's summary says when no model is configured. */
export const NO_SUMMARY_MODEL = 'No summary: no language model is configured (SCORING_MODEL_API_URL).';
/** Bump when the prompt changes; part of `writtenBy`. */
export const SUMMARY_PROMPT_VERSION = 's1';

export interface CallSummary {
  /** The summary, in the call's language; or NO_SUMMARY_MODEL. */
  summary: string;
  /** The call's language as detected (ISO 639-1), null when unknown. */
  language: string | null;
  /** `model:<name>/s1`, or `none` without a model. */
  writtenBy: string;
  /** Quoted passages that were not in the transcript, replaced by […]. */
  removedQuotes: number;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  es: 'Spanish (español)',
  fr: 'French (français)',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
};

/**
 * Each call's summary, written by the model of SCORING_MODEL_API_URL in the call's language.
 * Anything it puts between quotation marks is looked for in the transcript: a passage that is
 * not there is replaced by `[…]`, so a summary never attributes words nobody said.
 *
 * Without a model the summary is NO_SUMMARY_MODEL. A model that fails throws ChatModelError
 * (`retryable` says whether a later attempt may work); the caller decides whether to retry.
 */
@Injectable()
export class OpenAiCompatibleCallSummarizer extends CallSummarizer {
  private readonly fetch: FetchLike | undefined;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(OPENAI_COMPATIBLE_RISK_SCORER_OPTIONS) options?: OpenAiCompatibleRiskScorerOptions,
  ) {
    super();
    this.fetch = options?.fetch;
  }

  get configured(): boolean {
    return this.config.scoringModel !== null;
  }

  async summarize(
    transcript: NonNullable<ScoringInput['transcript']>,
    direction: 'inbound' | 'outbound' | null = null,
  ): Promise<CallSummary> {
    const input: ScoringInput = { transcript, call: null, history: null };
    const units = transcriptUnits({
      ...input,
      call: direction ? { direction, from: null, to: null, stirVerstat: null, durationSeconds: null, homeCountry: null } : null,
    });
    const { language } = packsFor(input, units);
    const settings = this.config.scoringModel;
    if (settings === null) return { summary: NO_SUMMARY_MODEL, language, writtenBy: 'none', removedQuotes: 0 };
    if (units.length === 0)
      return { summary: '', language, writtenBy: `model:${settings.model}/${SUMMARY_PROMPT_VERSION}`, removedQuotes: 0 };

    const lines = units
      .map((u) => `${u.role}: ${u.text.replace(/\s+/g, ' ').trim()}`)
      .join('\n')
      .slice(0, MAX_TRANSCRIPT_CHARS);
    const written = language
      ? (LANGUAGE_NAMES[language] ?? `the language whose ISO code is ${language}`)
      : 'the language of the transcript';
    const answer = await chatJson(
      settings,
      [
        {
          role: 'system',
          content: [
            'You summarize phone calls for a fraud reviewer, in two to four sentences: who called whom, what was asked for, what was agreed or refused.',
            `Write in ${written}.`,
            "If you quote, copy the transcript's words exactly, between double quotes. Never invent or translate a quote.",
            'Answer with one JSON object and nothing else: {"summary":"..."}.',
          ].join('\n'),
        },
        { role: 'user', content: `Transcript (caller is the party outside the organization):\n${lines}` },
      ],
      this.fetch,
    );
    if (typeof answer.summary !== 'string') throw new ChatModelError('answered without a summary', false, null);
    const { text, removed } = keepVerifiedQuotes(answer.summary.trim().slice(0, 20_000), new TranscriptQuotes(units));
    return { summary: text, language, writtenBy: `model:${settings.model}/${SUMMARY_PROMPT_VERSION}`, removedQuotes: removed };
  }
}
