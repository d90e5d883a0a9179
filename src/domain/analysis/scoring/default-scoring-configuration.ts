import { InvalidError } from '../../shared/domain-error';
import defaultConfigurationJson from './default-scoring-configuration.data.json';
import type { PhraseCategory, ScoringConfiguration } from './risk-scoring';
import { RULE_CODES } from './rule-catalog';
import { normalizeForMatching } from './rule-text';

/** Limits a configuration must respect (an organization edits it; a scorer must stay fast). */
export const SCORING_CONFIGURATION_LIMITS = {
  maxPhraseLength: 200,
  maxPhrasesPerCategory: 500,
  maxCategories: 100,
  maxPremiumPrefixes: 500,
} as const;

const CODE = /^[a-z][a-z0-9_]{0,63}$/;
/** Calling-code digits after '+': E.164 numbers have at most 15 digits and never start with 0. */
const PREFIX = /^[1-9][0-9]{0,14}$/;
const THRESHOLD_KEYS = ['shortCallSeconds', 'burstCalls', 'burstDistinctTargets'] as const;

/**
 * Checks an untrusted scoring configuration (an API body, a stored row, the built-in JSON) and
 * returns a fresh, clean copy of it. Keys starting with `_` are documentation and are dropped;
 * any other unknown key is refused (it is almost always a typo that would silently do nothing).
 *
 * `ruleWeights` may name only the rule engine's codes (rule-catalog.ts); a rule it leaves out
 * keeps its default weight, so a configuration written before the rule engine existed (without
 * `ruleWeights`) is still valid and gets every default. The copy returned always lists them all.
 *
 * @throws InvalidError `scoring_config.invalid` with `details.path` naming the first problem,
 *   e.g. `phraseCategories[2].phrases[7]` or `attributeWeights.caller_withheld`.
 */
export function validateScoringConfiguration(input: unknown): ScoringConfiguration {
  const root = object(input, '');
  knownKeys(root, '', ['phraseCategories', 'ruleWeights', 'attributeWeights', 'thresholds', 'premiumPrefixes']);

  const categoriesInput = array(root.phraseCategories, 'phraseCategories');
  if (categoriesInput.length > SCORING_CONFIGURATION_LIMITS.maxCategories) {
    fail('phraseCategories', `at most ${SCORING_CONFIGURATION_LIMITS.maxCategories} phrase categories`);
  }
  const codes = new Set<string>();
  const phraseCategories = categoriesInput.map((raw, i): PhraseCategory => {
    const path = `phraseCategories[${i}]`;
    const category = object(raw, path);
    knownKeys(category, path, ['code', 'weight', 'phrases']);
    const code = uniqueCode(category.code, `${path}.code`, codes);
    const weight = weightOf(category.weight, `${path}.weight`);
    const phrasesInput = array(category.phrases, `${path}.phrases`);
    if (phrasesInput.length === 0) fail(`${path}.phrases`, 'a category needs at least one phrase');
    if (phrasesInput.length > SCORING_CONFIGURATION_LIMITS.maxPhrasesPerCategory) {
      fail(`${path}.phrases`, `at most ${SCORING_CONFIGURATION_LIMITS.maxPhrasesPerCategory} phrases per category`);
    }
    const seen = new Set<string>();
    const phrases = phrasesInput.map((phrase, j) => {
      const phrasePath = `${path}.phrases[${j}]`;
      if (typeof phrase !== 'string') fail(phrasePath, 'must be a string');
      if (phrase.length > SCORING_CONFIGURATION_LIMITS.maxPhraseLength) {
        fail(phrasePath, `must be at most ${SCORING_CONFIGURATION_LIMITS.maxPhraseLength} characters`);
      }
      const normalized = normalizeForMatching(phrase).text;
      if (normalized === '') fail(phrasePath, 'must contain at least one letter or digit');
      if (seen.has(normalized)) fail(phrasePath, `duplicates another phrase of the category ("${normalized}")`);
      seen.add(normalized);
      return phrase;
    });
    return { code, weight, phrases };
  });

  const ruleWeights: Record<string, number> = { ...DEFAULT_RULE_WEIGHTS };
  if (root.ruleWeights !== undefined) {
    const rulesInput = object(root.ruleWeights, 'ruleWeights');
    for (const key of Object.keys(rulesInput).sort()) {
      if (key.startsWith('_')) continue;
      const path = `ruleWeights.${key}`;
      if (!RULE_CODES.has(key)) fail(path, `is not a rule of the built-in scorer (expected one of ${[...RULE_CODES].join(', ')})`);
      ruleWeights[key] = weightOf(rulesInput[key], path);
    }
  }

  const weightsInput = object(root.attributeWeights, 'attributeWeights');
  const attributeWeights: Record<string, number> = {};
  for (const key of Object.keys(weightsInput).sort()) {
    if (key.startsWith('_')) continue;
    const path = `attributeWeights.${key}`;
    if (RULE_CODES.has(key)) fail(path, `is a rule of the built-in scorer: set it in ruleWeights`);
    attributeWeights[uniqueCode(key, path, codes)] = weightOf(weightsInput[key], path);
  }

  const thresholdsInput = object(root.thresholds, 'thresholds');
  knownKeys(thresholdsInput, 'thresholds', THRESHOLD_KEYS);
  const threshold = (key: (typeof THRESHOLD_KEYS)[number]): number => {
    const value = thresholdsInput[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      fail(`thresholds.${key}`, 'must be a positive integer');
    }
    return value;
  };
  const thresholds = {
    shortCallSeconds: threshold('shortCallSeconds'),
    burstCalls: threshold('burstCalls'),
    burstDistinctTargets: threshold('burstDistinctTargets'),
  };

  const prefixesInput = array(root.premiumPrefixes, 'premiumPrefixes');
  if (prefixesInput.length > SCORING_CONFIGURATION_LIMITS.maxPremiumPrefixes) {
    fail('premiumPrefixes', `at most ${SCORING_CONFIGURATION_LIMITS.maxPremiumPrefixes} prefixes`);
  }
  const prefixes = new Set<string>();
  const premiumPrefixes = prefixesInput.map((prefix, i) => {
    const path = `premiumPrefixes[${i}]`;
    if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
      fail(path, 'must be the digits after + of a calling code or number prefix (1 to 15 digits, not starting with 0)');
    }
    if (prefixes.has(prefix)) fail(path, `duplicates prefix ${prefix}`);
    prefixes.add(prefix);
    return prefix;
  });

  return { phraseCategories, ruleWeights: sortedKeys(ruleWeights), attributeWeights, thresholds, premiumPrefixes };
}

/** The rule weights of the built-in configuration: the defaults of any configuration that leaves a rule out. */
export const DEFAULT_RULE_WEIGHTS: Readonly<Record<string, number>> = deepFreeze(
  validateRuleWeights((defaultConfigurationJson as { ruleWeights?: unknown }).ruleWeights),
);

/** The built-in configuration (default-scoring-configuration.data.json), checked once and frozen. */
export const DEFAULT_SCORING_CONFIGURATION: ScoringConfiguration = deepFreeze(validateScoringConfiguration(defaultConfigurationJson));

/** The built-in JSON must weigh every rule itself (it is where the defaults come from). */
function validateRuleWeights(input: unknown): Record<string, number> {
  const weights = object(input, 'ruleWeights');
  const out: Record<string, number> = {};
  for (const code of RULE_CODES) {
    if (!(code in weights)) fail(`ruleWeights.${code}`, 'is missing from the built-in configuration');
    out[code] = weightOf(weights[code], `ruleWeights.${code}`);
  }
  for (const key of Object.keys(weights))
    if (!key.startsWith('_') && !RULE_CODES.has(key)) fail(`ruleWeights.${key}`, 'is not a rule of the built-in scorer');
  return sortedKeys(out);
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

function fail(path: string, message: string): never {
  const where = path === '' ? 'configuration' : path;
  throw new InvalidError('scoring_config.invalid', `Invalid scoring configuration: ${where} ${message}.`, {
    path: where,
  });
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

function knownKeys(value: Record<string, unknown>, path: string, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (key.startsWith('_') || known.includes(key)) continue;
    fail(path === '' ? key : `${path}.${key}`, `is not a known field (expected ${known.join(', ')})`);
  }
}

function uniqueCode(value: unknown, path: string, seen: Set<string>): string {
  if (typeof value !== 'string' || !CODE.test(value)) {
    fail(path, 'must be a non-empty code of lowercase letters, digits and underscores, starting with a letter');
  }
  if (seen.has(value)) fail(path, `duplicates code ${value}`);
  seen.add(value);
  return value;
}

function weightOf(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(path, 'must be a number from 0 to 1');
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
