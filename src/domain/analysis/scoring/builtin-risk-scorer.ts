import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import { callLanguage } from './call-language';
import { DEFAULT_RULE_WEIGHTS } from './default-scoring-configuration';
import type { Evidence, RiskFactor, ScoreResult, ScoringConfiguration, ScoringInput } from './risk-scoring';
import { CUSTOM_PHRASE_ROLE_FACTORS, REQUEST_CLASSES, ROLE_FACTORS, ruleClass, UNEXCUSED_CLASSES, type RuleClass } from './rule-catalog';
import { customPhraseRules, findRules, type Finding, type RuleUnit } from './rule-engine';
import { languagePacks, type LanguagePack } from './rule-patterns';
import { speakerRole, rolesNote } from './speaker-roles';

export { normalizeForMatching, type NormalizedText } from './rule-text';
export { EXCERPT_CONTEXT_CHARS } from './rule-engine';

/**
 * The built-in fraud scorer: deterministic rules over what was said (who asked for what, in the
 * call's language), who called (caller number, STIR/SHAKEN, prefixes) and how (bursts from one
 * number), every factor with the evidence that raised it.
 *
 * Bump the version whenever a change could move a score for the same input and configuration:
 * every analysis stores the scorer version and the configuration version it used.
 */
export const BUILTIN_SCORER_VERSION = 'builtin-2.0.0';

/** At most this many pieces of evidence are kept per factor (the first ones, in transcript order). */
export const MAX_EVIDENCE_PER_FACTOR = 10;

/** Amplifiers and claims count this much when nobody outside the organization asked for anything. */
export const LONE_AMPLIFIER_FACTOR = 0.5;

/** Letters of transcript read for language detection (the start of a long call is enough). */
const DETECTION_SAMPLE_CHARS = 4000;

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
 * - What was said is read by the rule engine, with the patterns of the call's language (detected
 *   from the transcript; the declared one when the transcript is too short). A language without
 *   patterns is said in `notes` and contributes nothing. The organization's own phrase
 *   categories are matched in every language.
 * - Each finding is weighed by who said it (see `ROLE_FACTORS`): the caller's request for a code
 *   counts in full, the agent's identity check hardly at all.
 * - Each code counts once, at the weight of its strongest finding, with its findings as evidence.
 * - Amplifiers (urgency, threats) and claims (a bank, an agency) count half when nobody outside
 *   the organization asked for anything.
 * - Reassurances ("we will never ask for your code", "call the number on the back of your card")
 *   scale the other factors down, except a caller's request for a secret, a payment or remote
 *   access, which nothing excuses; a warning the caller explained away reassures nothing.
 * - A factor whose configured weight is 0 (or which has no weight) is switched off: not reported.
 * - The score combines the positive factors as independent signals: `1 - Π(1 - weight)`,
 *   rounded to 4 decimals.
 */
export function scoreCall(input: ScoringInput, config: ScoringConfiguration): ScoreResult {
  const notes: string[] = [];
  const spoken = spokenFactors(input, config, notes);
  // A reassurance the caller explains away ("that warning is for other people, I am the bank") reassures no one.
  if (spoken.positive.some((factor) => factor.code === 'warning_dismissed')) spoken.dampeners = [];
  const others = [...callerFactors(input, config), ...historyFactors(input, config)].filter((factor) => factor.weight > 0);
  const dampening = 1 - spoken.dampeners.reduce((remaining, factor) => remaining * (1 - Math.min(1, -factor.weight)), 1);
  const scaled = [...spoken.positive, ...others].map((factor) =>
    spoken.unexcused.has(factor.code) || dampening === 0 ? factor : { ...factor, weight: round(factor.weight * (1 - dampening)) },
  );
  const factors = [...scaled.filter((factor) => factor.weight > 0), ...spoken.dampeners].sort(byWeightThenCode);
  const result: ScoreResult = {
    fraudScore: combine(factors.filter((factor) => factor.weight > 0).map((factor) => factor.weight)),
    riskFactors: factors,
    scorerVersion: BUILTIN_SCORER_VERSION,
  };
  if (notes.length > 0) result.notes = notes;
  return result;
}

/** `1 - Π(1 - w)`, clamped to 0..1 and rounded to 4 decimals. */
export function combine(weights: readonly number[]): number {
  let remaining = 1;
  for (const weight of weights) remaining *= 1 - Math.min(1, Math.max(0, weight));
  const score = Math.min(1, Math.max(0, 1 - remaining));
  return Math.round(score * 10_000) / 10_000;
}

/* --------------------------------------------------------------------------- what was said */

interface SpokenFactors {
  positive: RiskFactor[];
  /** Reassurances, with negative weights. */
  dampeners: RiskFactor[];
  /** Codes a reassurance does not scale (a caller asked for a secret, a payment, remote access). */
  unexcused: Set<string>;
}

/** The transcript as units the rule engine reads, each with its speaker's role. */
export function transcriptUnits(input: ScoringInput): RuleUnit[] {
  const transcript = input.transcript;
  if (!transcript) return [];
  const direction = input.call?.direction ?? null;
  const segments = (transcript.segments ?? []).filter((segment) => typeof segment.text === 'string' && segment.text.trim() !== '');
  if (segments.length > 0) {
    return segments.map((segment) => ({
      text: segment.text,
      role: speakerRole(segment.speaker, direction),
      speaker: segment.speaker ?? null,
      startMs: segment.startMs ?? null,
      endMs: segment.endMs ?? null,
      fromSegment: true,
    }));
  }
  if (typeof transcript.text !== 'string' || transcript.text.trim() === '') return [];
  return [{ text: transcript.text, role: 'unknown', speaker: null, startMs: null, endMs: null, fromSegment: false }];
}

/** The packs to read a transcript with, and the note when its language has none. */
export function packsFor(
  input: ScoringInput,
  units: readonly RuleUnit[],
): { packs: LanguagePack[]; language: string | null; note: string | null } {
  const all = languagePacks();
  const sample = units
    .map((unit) => unit.text)
    .join('\n')
    .slice(0, DETECTION_SAMPLE_CHARS);
  const { language, detected, declared } = callLanguage(sample, input.transcript?.language ?? null);
  if (language === null) return { packs: [...all.values()], language: null, note: null };
  const wanted = [...new Set([detected, declared].filter((code): code is string => code !== null))];
  const packs = wanted.map((code) => all.get(code)).filter((pack): pack is LanguagePack => pack !== undefined);
  if (packs.length > 0) return { packs, language, note: null };
  return {
    packs: [],
    language,
    note: `Language ${language} has no rule patterns (${[...all.keys()].join(', ')} do): what was said was not scored, only the organization's own phrases`,
  };
}

function spokenFactors(input: ScoringInput, config: ScoringConfiguration, notes: string[]): SpokenFactors {
  const empty: SpokenFactors = { positive: [], dampeners: [], unexcused: new Set() };
  const units = transcriptUnits(input);
  if (units.length === 0) return empty;
  const { packs, note } = packsFor(input, units);
  if (note) notes.push(note);
  const roles = rolesNote(
    units.map((unit) => unit.speaker),
    input.call?.direction ?? null,
  );
  if (roles && units.some((unit) => unit.fromSegment)) notes.push(roles);
  const weights = config.ruleWeights ?? DEFAULT_RULE_WEIGHTS;
  const phraseWeights = new Map(config.phraseCategories.map((category) => [category.code, category.weight]));
  const findings = findRules(units, packs, customPhraseRules(config.phraseCategories));

  const weighed = findings.map((finding) => ({ finding, weight: weighFinding(finding, weights, phraseWeights) }));
  const outsideAsked = weighed.some(({ finding, weight }) => {
    const cls = classOf(finding);
    return weight > 0 && finding.role !== 'agent' && cls !== 'custom' && REQUEST_CLASSES.has(cls);
  });

  const byCode = new Map<string, { weight: number; findings: Finding[]; unexcused: boolean; dampener: boolean }>();
  for (const { finding, weight: raw } of weighed) {
    const cls = classOf(finding);
    const weight = (cls === 'amplifier' || cls === 'claim') && !outsideAsked ? raw * LONE_AMPLIFIER_FACTOR : raw;
    const entry = byCode.get(finding.code) ?? { weight: 0, findings: [], unexcused: false, dampener: cls === 'dampener' };
    entry.findings.push(finding);
    if (weight > entry.weight) entry.weight = weight;
    if (weight > 0 && finding.role === 'caller' && cls !== 'custom' && UNEXCUSED_CLASSES.has(cls)) entry.unexcused = true;
    byCode.set(finding.code, entry);
  }
  const result: SpokenFactors = { positive: [], dampeners: [], unexcused: new Set() };
  for (const [code, entry] of byCode) {
    if (entry.weight <= 0) continue;
    const factor: RiskFactor = {
      code,
      weight: round(entry.dampener ? -entry.weight : entry.weight),
      evidence: entry.findings.slice(0, MAX_EVIDENCE_PER_FACTOR).map((finding) => finding.evidence),
    };
    if (entry.dampener) result.dampeners.push(factor);
    else result.positive.push(factor);
    if (entry.unexcused) result.unexcused.add(code);
  }
  return result;
}

function classOf(finding: Finding): RuleClass | 'custom' {
  return finding.class === 'custom' ? (ruleClass(finding.code) ?? 'custom') : finding.class;
}

/** A finding's weight: its rule's (or phrase category's) weight, scaled by who said it. */
function weighFinding(finding: Finding, ruleWeights: Record<string, number>, phraseWeights: Map<string, number>): number {
  const cls = classOf(finding);
  const base = finding.class === 'custom' ? (phraseWeights.get(finding.code) ?? 0) : (ruleWeights[finding.code] ?? 0);
  const roleFactor = cls === 'custom' ? CUSTOM_PHRASE_ROLE_FACTORS[finding.role] : ROLE_FACTORS[cls][finding.role];
  return Math.max(0, Math.min(1, base)) * roleFactor;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Evidence of a phrase, for other scorers that quote the transcript the same way. */
export type PhraseEvidence = Extract<Evidence, { kind: 'phrase' }>;

/* ---------------------------------------------------------------------------------- caller */

function callerFactors(input: ScoringInput, config: ScoringConfiguration): RiskFactor[] {
  const call = input.call;
  if (!call) return [];
  const factors: RiskFactor[] = [];
  const factor = (code: string, evidence: Evidence[]) => factors.push({ code, weight: config.attributeWeights[code] ?? 0, evidence });
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
