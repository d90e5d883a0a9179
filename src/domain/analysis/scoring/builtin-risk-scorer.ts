import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import type { Evidence, RiskFactor, ScoreResult, ScoringConfiguration, ScoringInput } from './risk-scoring';

/**
 * The built-in fraud scorer: deterministic rules over what was said (phrase categories), who
 * called (caller number, STIR/SHAKEN, prefixes) and how (bursts from one number), every factor
 * with the evidence that raised it.
 *
 * Bump the version whenever a change could move a score for the same input and configuration:
 * every analysis stores the scorer version and the configuration version it used.
 */
export const BUILTIN_SCORER_VERSION = 'builtin-1.0.0';

/** At most this many pieces of evidence are kept per factor (the first ones, in transcript order). */
export const MAX_EVIDENCE_PER_FACTOR = 10;

/** Characters of transcript text kept on each side of a match when there are no segments. */
export const EXCERPT_CONTEXT_CHARS = 60;

/** Values Twilio (and carriers) put in `From` when the caller withheld their number. */
const WITHHELD_WORDS = new Set(['anonymous', 'restricted', 'unknown', 'private', 'unavailable', 'withheld', 'blocked']);
/**
 * Twilio's stand-ins for a withheld number: the words spelled on a phone keypad
 * (ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE).
 */
const TWILIO_WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);
/** Identities that are not telephone callers (Twilio Client, SIP): nothing to judge about them. */
const NON_PSTN_IDENTITY = /^(client|sip|sips):/i;
const E164 = /^\+[1-9][0-9]{1,14}$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/**
 * Scores one call. Pure: the same input and configuration always give the same result, with
 * factors ordered by weight (descending) then code.
 *
 * - Phrase categories are matched only when the transcript's language is English or unknown
 *   (`null`, `und`); a transcript in another language yields no phrase factor at all.
 * - Each phrase category counts once, at its weight, with all its matches as evidence (capped).
 * - A factor whose configured weight is 0 (or which has no weight) is switched off: not reported.
 * - The score combines the factors' weights as independent signals: `1 - Π(1 - weight)`,
 *   rounded to 4 decimals. Adding a factor or raising a weight never lowers it.
 */
export function scoreCall(input: ScoringInput, config: ScoringConfiguration): ScoreResult {
  const factors = [...phraseFactors(input, config), ...callerFactors(input, config), ...historyFactors(input, config)]
    .filter((factor) => factor.weight > 0)
    .sort(byWeightThenCode);
  return { fraudScore: combine(factors.map((factor) => factor.weight)), riskFactors: factors, scorerVersion: BUILTIN_SCORER_VERSION };
}

/** `1 - Π(1 - w)`, clamped to 0..1 and rounded to 4 decimals. */
export function combine(weights: readonly number[]): number {
  let remaining = 1;
  for (const weight of weights) remaining *= 1 - Math.min(1, Math.max(0, weight));
  const score = Math.min(1, Math.max(0, 1 - remaining));
  return Math.round(score * 10_000) / 10_000;
}

/** True for English (`en`, `en-US`, `en_GB`, `eng`, `english`) and for an unknown language. */
export function isEnglishOrUnknownLanguage(language: string | null | undefined): boolean {
  if (language === null || language === undefined) return true;
  const code = language.trim().toLowerCase();
  if (code === '' || code === 'und' || code === 'unknown' || code === 'auto') return true;
  return code === 'en' || code === 'eng' || code === 'english' || /^en[-_]/.test(code);
}

/* ------------------------------------------------------------------------------------ text */

export interface NormalizedText {
  /** Lower case, NFKC, every run of non-letters/digits a single space, no leading or trailing space. */
  text: string;
  /** For each character of `text`, where it starts in the original string. */
  starts: number[];
  /** For each character of `text`, where it ends (exclusive) in the original string. */
  ends: number[];
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/**
 * The one normalisation used on both sides of a phrase match (transcripts and configured
 * phrases), remembering where each normalised character came from so excerpts can quote the
 * original text.
 */
export function normalizeForMatching(input: string): NormalizedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace = false;
  const push = (folded: string, from: number, to: number) => {
    if (pendingSpace && text.length > 0) {
      text += ' ';
      starts.push(from);
      ends.push(from);
    }
    pendingSpace = false;
    for (let i = 0; i < folded.length; i++) {
      text += folded[i];
      starts.push(from);
      ends.push(to);
    }
  };
  let offset = 0;
  for (const character of input) {
    const from = offset;
    offset += character.length;
    const code = character.charCodeAt(0);
    if (code < 0x80) {
      // ASCII fast path: NFKC leaves it alone, and lower-casing is a shift.
      if (code >= 0x61 && code <= 0x7a) push(character, from, offset);
      else if (code >= 0x41 && code <= 0x5a) push(String.fromCharCode(code + 0x20), from, offset);
      else if (code >= 0x30 && code <= 0x39) push(character, from, offset);
      else pendingSpace = true;
      continue;
    }
    for (const folded of character.normalize('NFKC').toLowerCase()) {
      if (WORD_CHARACTER.test(folded)) push(folded, from, offset);
      else pendingSpace = true;
    }
  }
  return { text, starts, ends };
}

/** Start offsets (in the normalised text) of every whole-word occurrence of `needle`. */
function occurrences(unit: TextUnit, needle: string, needleWords: readonly string[]): number[] {
  // Cheap filter first: most phrases have a word the unit does not contain.
  for (const word of needleWords) if (!unit.words.has(word)) return [];
  const target = ` ${needle} `;
  const found: number[] = [];
  for (let at = unit.padded.indexOf(target); at !== -1; at = unit.padded.indexOf(target, at + 1)) found.push(at);
  return found;
}

/* --------------------------------------------------------------------------------- phrases */

interface TextUnit {
  original: string;
  normalized: NormalizedText;
  /** The normalised text between two spaces, so whole words can be found with indexOf. */
  padded: string;
  words: Set<string>;
  speaker: string | null;
  startMs: number | null;
  endMs: number | null;
  /** Segments are quoted whole; a bare transcript text is quoted around the match. */
  fromSegment: boolean;
}

interface PhraseMatch {
  unit: number;
  position: number;
  phrase: string;
  evidence: Evidence;
}

function textUnits(input: ScoringInput): TextUnit[] {
  const transcript = input.transcript;
  if (!transcript || !isEnglishOrUnknownLanguage(transcript.language)) return [];
  const segments = (transcript.segments ?? []).filter((segment) => typeof segment.text === 'string');
  if (segments.length > 0) {
    return segments.map((segment) =>
      textUnit(segment.text, segment.speaker ?? null, segment.startMs ?? null, segment.endMs ?? null, true),
    );
  }
  if (typeof transcript.text !== 'string' || transcript.text === '') return [];
  return [textUnit(transcript.text, null, null, null, false)];
}

function textUnit(original: string, speaker: string | null, startMs: number | null, endMs: number | null, fromSegment: boolean): TextUnit {
  const normalized = normalizeForMatching(original);
  return {
    original,
    normalized,
    padded: ` ${normalized.text} `,
    words: new Set(normalized.text.split(' ')),
    speaker,
    startMs,
    endMs,
    fromSegment,
  };
}

function phraseFactors(input: ScoringInput, config: ScoringConfiguration): RiskFactor[] {
  const units = textUnits(input);
  if (units.length === 0) return [];
  const factors: RiskFactor[] = [];
  for (const category of config.phraseCategories) {
    const matches: PhraseMatch[] = [];
    const searched = new Set<string>();
    for (const phrase of category.phrases) {
      const needle = normalizeForMatching(phrase).text;
      if (needle === '' || searched.has(needle)) continue;
      searched.add(needle);
      const needleWords = needle.split(' ');
      units.forEach((unit, index) => {
        const positions = occurrences(unit, needle, needleWords);
        // A segment is quoted whole, so one piece of evidence per phrase and segment is enough.
        for (const position of unit.fromSegment ? positions.slice(0, 1) : positions) {
          matches.push({ unit: index, position, phrase, evidence: phraseEvidence(unit, phrase, position, needle.length) });
        }
      });
    }
    if (matches.length === 0) continue;
    matches.sort((a, b) => a.unit - b.unit || a.position - b.position || compareStrings(a.phrase, b.phrase));
    factors.push({
      code: category.code,
      weight: category.weight,
      evidence: matches.slice(0, MAX_EVIDENCE_PER_FACTOR).map((match) => match.evidence),
    });
  }
  return factors;
}

function phraseEvidence(unit: TextUnit, phrase: string, position: number, length: number): Evidence {
  let text = unit.original;
  if (!unit.fromSegment) {
    const start = unit.normalized.starts[position];
    const end = unit.normalized.ends[position + length - 1];
    text = unit.original
      .slice(Math.max(0, start - EXCERPT_CONTEXT_CHARS), Math.min(unit.original.length, end + EXCERPT_CONTEXT_CHARS))
      .trim();
  }
  return { kind: 'phrase', phrase, text, speaker: unit.speaker, startMs: unit.startMs, endMs: unit.endMs };
}

/* ---------------------------------------------------------------------------------- caller */

function callerFactors(input: ScoringInput, config: ScoringConfiguration): RiskFactor[] {
  const call = input.call;
  if (!call) return [];
  const factors: RiskFactor[] = [];
  const factor = (code: string, evidence: Evidence[]) =>
    factors.push({ code, weight: config.attributeWeights[code] ?? 0, evidence });
  const attribute = (name: string, value: string | number | null): Evidence => ({ kind: 'attribute', attribute: name, value });

  if (call.direction === 'inbound') {
    const verstat = (call.stirVerstat ?? '').trim().toLowerCase();
    if (verstat.startsWith('tn-validation-failed')) factor('stir_shaken_failed', [attribute('call.stirVerstat', call.stirVerstat)]);
    else if (verstat === 'no-tn-validation') factor('stir_shaken_unverified', [attribute('call.stirVerstat', call.stirVerstat)]);
  }

  // On an outbound call `from` is the organization's own number or agent: not a caller to judge.
  if (call.direction === 'outbound') return factors;
  const from = (call.from ?? '').trim();
  if (NON_PSTN_IDENTITY.test(from)) return factors;
  if (isWithheld(from)) {
    factor('caller_withheld', [attribute('call.from', call.from)]);
    return factors;
  }

  const e164 = E164.test(from);
  const parsed = e164 ? parseQuietly(from) : undefined;
  const valid = parsed !== undefined && parsed.isValid();
  if (!valid) factor('caller_malformed', [attribute('call.from', call.from)]);

  if (e164) {
    const digits = from.slice(1);
    const prefix = longestPrefix(digits, config.premiumPrefixes);
    if (prefix !== null) factor('premium_rate_prefix', [attribute('call.from', call.from), attribute('premiumPrefix', prefix)]);
  }

  const home = call.homeCountry?.trim() ?? '';
  if (valid && COUNTRY.test(home)) {
    const country = parsed.country ?? null;
    if (country !== home.toUpperCase()) {
      factor('unexpected_international', [
        attribute('call.from', call.from),
        attribute('caller.country', country ?? `+${parsed.countryCallingCode}`),
        attribute('call.homeCountry', home.toUpperCase()),
      ]);
    }
  }
  return factors;
}

function isWithheld(from: string): boolean {
  if (from === '') return true;
  if (WITHHELD_WORDS.has(from.toLowerCase())) return true;
  const digits = from.replace(/[\s\-().]/g, '');
  return TWILIO_WITHHELD_NUMBERS.has(digits.startsWith('+') ? digits : `+${digits}`);
}

function parseQuietly(from: string): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(from);
  } catch {
    return undefined;
  }
}

function longestPrefix(digits: string, prefixes: readonly string[]): string | null {
  let best: string | null = null;
  for (const prefix of prefixes) {
    if (digits.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best;
}

/* --------------------------------------------------------------------------------- history */

function historyFactors(input: ScoringInput, config: ScoringConfiguration): RiskFactor[] {
  const history = input.history;
  if (!history) return [];
  const { burstCalls, burstDistinctTargets, shortCallSeconds } = config.thresholds;
  const factors: RiskFactor[] = [];
  const factor = (code: string, evidence: Array<[string, number]>) =>
    factors.push({
      code,
      weight: config.attributeWeights[code] ?? 0,
      evidence: evidence.map(([name, value]) => ({ kind: 'attribute', attribute: name, value })),
    });
  const window: [string, number] = ['history.windowMinutes', history.windowMinutes];
  const calls: [string, number] = ['history.callsFromSameNumber', history.callsFromSameNumber];

  if (history.callsFromSameNumber >= burstCalls) {
    if (history.distinctAgentsCalled >= burstDistinctTargets) {
      factor('number_burst_agents', [calls, ['history.distinctAgentsCalled', history.distinctAgentsCalled], window]);
    }
    if (history.distinctWorkspacesCalled >= burstDistinctTargets) {
      factor('number_burst_workspaces', [calls, ['history.distinctWorkspacesCalled', history.distinctWorkspacesCalled], window]);
    }
  }
  if (history.shortCallsFromSameNumber >= burstCalls) {
    factor('short_repeated_calls', [
      ['history.shortCallsFromSameNumber', history.shortCallsFromSameNumber],
      window,
      ['thresholds.shortCallSeconds', shortCallSeconds],
    ]);
  }
  return factors;
}

/* ---------------------------------------------------------------------------------- order */

function byWeightThenCode(a: RiskFactor, b: RiskFactor): number {
  return b.weight - a.weight || compareStrings(a.code, b.code);
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
