import type { Evidence } from './risk-scoring';
import type { RuleUnit } from './rule-engine';
import { foldForRules, originalSpan, type FoldedText } from './rule-text';

/**
 * Evidence quoted by someone else (a model): kept only when the transcript says it.
 *
 * A quote is found when its words, folded like the rules fold text (case, accents, punctuation,
 * spacing), appear one after the other, as whole words, in one segment. The evidence then quotes
 * the transcript's own words, with that segment's speaker and times: what is shown is what was
 * said, never the model's paraphrase. A quote of fewer than two words proves nothing and is
 * dropped too.
 */
export const MIN_QUOTE_WORDS = 2;

export type PhraseEvidence = Extract<Evidence, { kind: 'phrase' }>;

interface FoldedUnit {
  unit: RuleUnit;
  folded: FoldedText;
  padded: string;
}

export class TranscriptQuotes {
  private readonly units: FoldedUnit[];

  constructor(units: readonly RuleUnit[]) {
    this.units = units.map((unit) => {
      const folded = foldForRules(unit.text);
      return { unit, folded, padded: ` ${folded.text} ` };
    });
  }

  /** The quote as the transcript says it, or null when it is not there. */
  find(quote: string): PhraseEvidence | null {
    if (typeof quote !== 'string') return null;
    const needle = foldForRules(quote).text;
    if (needle === '' || needle.split(' ').length < MIN_QUOTE_WORDS) return null;
    for (const { unit, folded, padded } of this.units) {
      const at = padded.indexOf(` ${needle} `);
      if (at === -1) continue;
      const phrase = originalSpan(unit.text, folded, at, at + needle.length);
      return {
        kind: 'phrase',
        phrase,
        text: unit.fromSegment ? unit.text : phrase,
        speaker: unit.speaker,
        startMs: unit.startMs,
        endMs: unit.endMs,
      };
    }
    return null;
  }
}

const QUOTED = /“([^”]{1,400})”|"([^"]{1,400})"|«\s?([^»]{1,400}?)\s?»|‘([^’]{1,400})’/gu;

/**
 * Checks every quoted passage of a text written about the call (a summary): a passage the
 * transcript does not contain is replaced by `[…]`. Returns the text and how many were removed.
 */
export function keepVerifiedQuotes(text: string, quotes: TranscriptQuotes): { text: string; removed: number } {
  let removed = 0;
  const checked = text.replace(QUOTED, (whole: string, ...groups: (string | undefined)[]) => {
    const inside = groups.slice(0, 4).find((g) => g !== undefined) ?? '';
    if (quotes.find(inside)) return whole;
    removed++;
    return '[…]';
  });
  return { text: checked, removed };
}
