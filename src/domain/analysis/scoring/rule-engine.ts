import type { Evidence } from './risk-scoring';
import type { RuleClass, SpeakerRole } from './rule-catalog';
import type { LanguagePack } from './rule-patterns';
import { clauses, foldForRules, originalSpan, sentences, type TextPiece } from './rule-text';

/**
 * The rule engine: reads a transcript clause by clause and says what each speaker asked for,
 * threatened, claimed or reassured, with the exact words, the speaker and the time.
 *
 * - A request counts only when it is one: "we will never ask for your code" (negated) and "he
 *   asked me to read him the code" (someone else's words, reported by the speaker) raise nothing.
 * - "Read it to me" asks for whatever sensitive thing was just mentioned (a code, a card's
 *   digits, a gift card's number): the last topic of the last few turns.
 * - Deterministic: the same units and packs always give the same findings, in transcript order.
 */

/** One piece of the transcript as the engine reads it: a segment, or a bare transcript text. */
export interface RuleUnit {
  text: string;
  role: SpeakerRole;
  speaker: string | null;
  startMs: number | null;
  endMs: number | null;
  /** Segments are quoted whole; a bare transcript text is quoted around the match. */
  fromSegment: boolean;
}

export interface Finding {
  code: string;
  class: RuleClass | 'custom';
  role: SpeakerRole;
  /** Index of the unit it was found in. */
  unit: number;
  /** Where in the unit's text the clause starts. */
  position: number;
  evidence: Evidence;
}

/** An organization's own phrases, matched with the same negation and reported-speech handling. */
export interface CustomPhraseRule {
  code: string;
  phrases: { phrase: string; pattern: RegExp }[];
}

/** Characters of transcript text kept on each side of a match when there are no segments. */
export const EXCERPT_CONTEXT_CHARS = 60;
/** How far back a negation reaches the object of a co-occurrence (further than a frame's). */
export const OBJECT_NEGATION_WINDOW = 8;
/** A topic stays current for this many later units... */
export const TOPIC_MAX_UNITS = 3;
/** ...and this long after it was mentioned. */
export const TOPIC_MAX_MS = 60_000;

interface Topic {
  code: string;
  unit: number;
  atMs: number | null;
}

const WORD_EDGE = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'u');

/** Compiles an organization's phrase categories (phrases matched as whole folded words). */
export function customPhraseRules(categories: readonly { code: string; phrases: readonly string[] }[]): CustomPhraseRule[] {
  return categories.map((category) => ({
    code: category.code,
    phrases: category.phrases
      .map((phrase) => ({ phrase, folded: foldForRules(phrase).text }))
      .filter((p) => p.folded !== '')
      .map((p) => ({ phrase: p.phrase, pattern: WORD_EDGE(p.folded) })),
  }));
}

/** Finds what the rules of each pack, and the organization's phrases, see in the units. */
export function findRules(units: readonly RuleUnit[], packs: readonly LanguagePack[], custom: readonly CustomPhraseRule[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  /** A rule's match in a clause: one finding per rule, unit and clause. */
  const addMatch = (
    code: string,
    ruleClass: Finding['class'],
    unit: RuleUnit,
    index: number,
    clause: TextPiece,
    match: Pick<RegExpExecArray, 'index' | 0>,
  ) =>
    add(
      {
        code,
        class: ruleClass,
        role: unit.role,
        unit: index,
        position: clause.offset,
        evidence: evidence(unit, clause, match.index, match.index + match[0].length),
      },
      `${code}|${index}|${clause.offset}`,
    );
  // Custom phrases need a pack only for negation and clause breaks: use the first, or none.
  const customPack = packs[0] ?? null;
  for (const pack of packs.length > 0 ? packs : [null]) {
    let topic: Topic | null = null;
    units.forEach((unit, index) => {
      for (const sentence of sentences(unit.text)) {
        const before = findings.length;
        let reported = false;
        for (const clause of clauses(sentence, pack?.clauseBreaks ?? null)) {
          const text = clause.folded.text;
          if (pack && pack.reported.some((re) => re.test(text))) reported = true;
          // Someone else's words, reported: not the speaker's request, unless it turns to the listener.
          const neutral = reported && !(pack?.addressee.some((re) => re.test(text)) ?? false);
          if (pack) {
            for (const rule of pack.rules) {
              if (rule.topics.some((re) => re.test(text)) || (rule.class === 'secret' && rule.patterns.some((re) => re.test(text)))) {
                topic = { code: rule.code, unit: index, atMs: unit.startMs };
              }
            }
            for (const rule of pack.rules) {
              const isDampener = rule.class === 'dampener';
              // "If you don't pay you will be arrested" is a threat all the same: amplifiers ignore negation.
              const negatable = !isDampener && rule.class !== 'amplifier';
              if (neutral && !isDampener) continue;
              if (rule.unless.some((re) => re.test(text))) continue;
              for (const re of rule.patterns) {
                const match = execAnchored(re, text, clause.pauses);
                if (!match) continue;
                if (negatable && negated(pack, text, match.index, clause.pauses)) continue;
                addMatch(rule.code, rule.class, unit, index, clause, match);
                break;
              }
            }
            if (!neutral && topic !== null && isCurrent(topic, index, unit)) {
              for (const re of pack.deictic) {
                const match = re.exec(text);
                if (!match || negated(pack, text, match.index, clause.pauses)) continue;
                const current: Topic = topic;
                addMatch(current.code, pack.rules.find((r) => r.code === current.code)!.class, unit, index, clause, match);
                break;
              }
            }
          }
          if (pack === customPack && !neutral) {
            for (const rule of custom) {
              for (const { phrase, pattern } of rule.phrases) {
                const match = pattern.exec(text);
                if (!match || (pack && negated(pack, text, match.index, clause.pauses))) continue;
                add(
                  {
                    code: rule.code,
                    class: 'custom',
                    role: unit.role,
                    unit: index,
                    position: clause.offset,
                    evidence: { ...phraseEvidence(unit, clause, match.index, match.index + match[0].length), phrase },
                  },
                  `custom:${rule.code}|${index}|${clause.offset}`,
                );
                break;
              }
            }
          }
        }
        if (pack) {
          const already = new Set(findings.slice(before).map((f) => f.code));
          for (const finding of togetherFindings(pack, unit, index, sentence, already))
            add(finding, `${finding.code}|${index}|${finding.position}`);
        }
      }
    });
  }
  return findings.sort((a, b) => a.unit - b.unit || a.position - b.position || compare(a.code, b.code));
}

/**
 * Rules raised by co-occurrence in one sentence: every group of a `together` entry matched within
 * its window of words, the frame (first group) not negated, the sentence not someone else's
 * reported words (unless it turns to the listener), and none of the rule's `unless` in it.
 * The sentence-level findings take the position of the sentence: one per rule and sentence.
 */
function togetherFindings(pack: LanguagePack, unit: RuleUnit, index: number, sentence: TextPiece, already: ReadonlySet<string>): Finding[] {
  const text = sentence.folded.text;
  const found: Finding[] = [];
  let neutral: boolean | null = null;
  for (const rule of pack.rules) {
    if (rule.together.length === 0 || rule.class === 'dampener' || already.has(rule.code)) continue;
    for (const entry of rule.together) {
      const span = cooccurrence(pack, text, entry.groups, entry.window, sentence.pauses);
      if (!span) continue;
      if (rule.unless.some((re) => re.test(text))) break;
      neutral ??= pack.reported.some((re) => re.test(text)) && !pack.addressee.some((re) => re.test(text));
      if (neutral) return [];
      found.push({
        code: rule.code,
        class: rule.class,
        role: unit.role,
        unit: index,
        position: sentence.offset,
        evidence: evidence(unit, sentence, span.start, span.end),
      });
      break;
    }
  }
  return found;
}

/** The first span where every group matches within `window` words (the frame not negated), or null. */
function cooccurrence(
  pack: LanguagePack,
  text: string,
  groups: RegExp[][],
  window: number,
  pauses: readonly number[],
): { start: number; end: number } | null {
  const wordAt = (offset: number) => (text.slice(0, offset).match(/ /g) ?? []).length;
  const matches = groups.map((group) => {
    const all: { start: number; end: number; word: number }[] = [];
    for (const re of group) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) all.push({ start: m.index, end: m.index + m[0].length, word: wordAt(m.index) });
    }
    return all;
  });
  if (matches.some((m) => m.length === 0)) return null;
  for (const frame of matches[0]) {
    if (negated(pack, text, frame.start, pauses)) continue;
    const picked = [frame];
    for (const group of matches.slice(1)) {
      // What is asked for must not be negated either ("we never ask you to pay with gift cards, you can pay online").
      const near = group.find(
        (m) =>
          Math.abs(m.word - frame.word) <= window &&
          (m.end <= frame.start || m.start >= frame.end) &&
          !negated(pack, text, m.start, pauses, OBJECT_NEGATION_WINDOW),
      );
      if (!near) break;
      picked.push(near);
    }
    if (picked.length === groups.length) {
      return { start: Math.min(...picked.map((m) => m.start)), end: Math.max(...picked.map((m) => m.end)) };
    }
  }
  return null;
}

/**
 * A pattern anchored with `^` starts a clause or follows a pause ("…, and the username you use"):
 * it is tried at each. Others match anywhere. Returns the match with its index in `text`.
 */
function execAnchored(re: RegExp, text: string, pauses: readonly number[]): { index: number; 0: string } | null {
  if (!re.source.startsWith('^')) return re.exec(text);
  for (const start of [0, ...pauses]) {
    const match = re.exec(text.slice(start));
    if (match) return { index: match.index + start, 0: match[0] };
  }
  return null;
}

function isCurrent(topic: Topic, index: number, unit: RuleUnit): boolean {
  if (index - topic.unit > TOPIC_MAX_UNITS) return false;
  if (topic.atMs !== null && unit.startMs !== null && unit.startMs - topic.atMs > TOPIC_MAX_MS) return false;
  return true;
}

/**
 * True when a negation cue stands in the few words before the match, with no stop word (`but`,
 * `just`, `if`) between them: "we will never ask for your code", "nunca le pediremos su clave",
 * "nous ne vous demanderons jamais vos codes" (the `ne` before the verb).
 */
export function negated(
  pack: LanguagePack,
  text: string,
  at: number,
  pauses: readonly number[] = [],
  window: number = pack.negationWindow,
): boolean {
  const from = pauses.filter((pause) => pause <= at).reduce((last, pause) => Math.max(last, pause), 0);
  const before = text.slice(from, at).trim();
  if (before === '') return false;
  const words = before.split(' ');
  for (let i = words.length - 1, n = 0; i >= 0 && n < window; i--, n++) {
    if (pack.negationStops.has(words[i])) return false;
    if (pack.negationCues.has(words[i])) return true;
  }
  return false;
}

function evidence(unit: RuleUnit, clause: TextPiece, start: number, end: number): Evidence {
  return phraseEvidence(unit, clause, start, end);
}

function phraseEvidence(unit: RuleUnit, clause: TextPiece, start: number, end: number): Extract<Evidence, { kind: 'phrase' }> {
  const phrase = originalSpan(clause.original, clause.folded, start, end);
  let text = unit.text;
  if (!unit.fromSegment) {
    const from = clause.offset + clause.folded.starts[start];
    const to = clause.offset + clause.folded.ends[Math.max(start, end - 1)];
    text = unit.text.slice(Math.max(0, from - EXCERPT_CONTEXT_CHARS), Math.min(unit.text.length, to + EXCERPT_CONTEXT_CHARS)).trim();
  }
  return { kind: 'phrase', phrase, text, speaker: unit.speaker, startMs: unit.startMs, endMs: unit.endMs };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
