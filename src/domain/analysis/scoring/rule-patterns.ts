import enPack from './rules/en.rules.json';
import esPack from './rules/es.rules.json';
import frPack from './rules/fr.rules.json';
import { type RuleClass, ruleClass } from './rule-catalog';

/**
 * A language pack: the patterns of one language, kept as data (`rules/<language>.rules.json`).
 *
 * Patterns are regular expressions over folded text (see `foldForRules`: lower case, no
 * accents, words separated by single spaces, no punctuation), matched on whole words within one
 * clause. Two shorthands keep them readable:
 *
 * - `{name}` inserts the lexicon entry `name` (itself a pattern, which may use other entries);
 * - `~N` stands for up to N arbitrary words (`read ~2 {code}` matches "read me the code" and
 *   "read off those six digits").
 *
 * A pattern beginning with `^` must match at the start of the clause.
 */
export interface LanguagePackData {
  language: string;
  lexicon: Record<string, string>;
  /** Words that open a new clause (`but`, `pero`, `mais`): negation and requests do not cross them. */
  clauseBreaks: string[];
  negation: {
    /** Words that negate what follows (`never`, `not`, `t` of don't, `nunca`, `ne`, `jamais`). */
    cues: string[];
    /** Words that end a negation's reach (`but`, `just`, `only`, `if`). */
    stops: string[];
    /** How many words before a match a negation cue still negates it. */
    window: number;
  };
  /** Someone else's words reported by the speaker ("he asked me to", "me pidió", "il m'a demandé"). */
  reported: string[];
  /** A clause addressing the listener ("you have to", "please") is a request even inside reported speech. */
  addressee: string[];
  /** A request for whatever sensitive thing was just mentioned ("read it to me", "dígamelo"). */
  deictic: string[];
  rules: Array<{
    code: string;
    /** Any of these in a clause raises the rule. */
    patterns: string[];
    /** Any of these in the same clause cancels the rule there (advice about the same thing, say). */
    unless?: string[];
    /** Mentions that make this rule's subject the topic a deictic request refers to. */
    topics?: string[];
    /**
     * Co-occurrence: the rule is also raised when every group has a match in the same sentence,
     * in any order, all within `window` words: a request frame and what it asks for ("achetez-en
     * trois au tabac… des tickets PCS"). The first group is the frame: a negation before it, or
     * reported speech in the sentence, cancels it.
     */
    together?: Array<{ groups: string[][]; window: number }>;
  }>;
}

export interface CompiledRule {
  code: string;
  class: RuleClass;
  patterns: RegExp[];
  unless: RegExp[];
  topics: RegExp[];
  together: Array<{ groups: RegExp[][]; window: number }>;
}

export interface LanguagePack {
  language: string;
  clauseBreaks: RegExp | null;
  negationCues: ReadonlySet<string>;
  negationStops: ReadonlySet<string>;
  negationWindow: number;
  reported: RegExp[];
  addressee: RegExp[];
  deictic: RegExp[];
  rules: CompiledRule[];
}

/** Thrown when a language pack is malformed: a programming error, caught by the specs. */
export class LanguagePackError extends Error {}

const WORD_EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const WORD_EDGE_AFTER = '(?![\\p{L}\\p{N}])';
const FOLDED = /^[a-z0-9 ^$|()?:*+{}[\]\\.~,!=<-]*$/;

/** Expands `{name}` and `~N` in a pattern (throws on an unknown or circular entry). */
export function expandPattern(pattern: string, lexicon: Record<string, string>, seen: string[] = []): string {
  let source = pattern.replace(/\{([a-z_][a-z0-9_]*)\}/g, (_, name: string) => {
    if (!(name in lexicon)) throw new LanguagePackError(`unknown lexicon entry {${name}} in "${pattern}"`);
    if (seen.includes(name)) throw new LanguagePackError(`circular lexicon entry {${name}}`);
    return `(?:${expandPattern(lexicon[name], lexicon, [...seen, name])})`;
  });
  // Between two words the gap keeps one space on each side; at the edge of a group it hangs on the word inside.
  source = source
    .replace(/ ~(\d+) /g, (_, n: string) => `(?: [^ ]+){0,${n}} `)
    .replace(/ ~(\d+)(?=[)|]|$)/g, (_, n: string) => `(?: [^ ]+){0,${n}}`)
    .replace(/(^|[(|:])~(\d+) /g, (_, before: string, n: string) => `${before}(?:[^ ]+ ){0,${n}}`);
  if (/~\d/.test(source)) throw new LanguagePackError(`a word gap ~N must stand between spaces in "${pattern}"`);
  return source;
}

function compile(pattern: string, lexicon: Record<string, string>, where: string): RegExp {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new LanguagePackError(`${where}: empty pattern`);
  if (!FOLDED.test(pattern.replace(/\{[a-z_][a-z0-9_]*\}/g, ''))) {
    throw new LanguagePackError(`${where}: "${pattern}" is not folded (lower case, no accents, no punctuation but regex syntax)`);
  }
  const anchored = pattern.startsWith('^');
  const body = expandPattern(anchored ? pattern.slice(1) : pattern, lexicon);
  try {
    return new RegExp(`${anchored ? '^' : WORD_EDGE_BEFORE}(?:${body})${WORD_EDGE_AFTER}`, 'u');
  } catch (error) {
    throw new LanguagePackError(`${where}: "${pattern}" does not compile: ${(error as Error).message}`);
  }
}

function global(re: RegExp): RegExp {
  return new RegExp(re.source, 'gu');
}

/** Checks and compiles a pack. */
export function compileLanguagePack(data: LanguagePackData): LanguagePack {
  const lexicon = data.lexicon ?? {};
  const where = `rules/${data.language}`;
  if (!/^[a-z]{2}$/.test(data.language)) throw new LanguagePackError(`${where}: language must be ISO 639-1`);
  const seenCodes = new Set<string>();
  const rules = data.rules.map((rule, i): CompiledRule => {
    const cls = ruleClass(rule.code);
    if (cls === null) throw new LanguagePackError(`${where}.rules[${i}]: unknown rule code ${rule.code}`);
    if (seenCodes.has(rule.code)) throw new LanguagePackError(`${where}.rules[${i}]: ${rule.code} appears twice`);
    seenCodes.add(rule.code);
    const list = (patterns: string[] | undefined, name: string) =>
      (patterns ?? []).map((p, j) => compile(p, lexicon, `${where}.rules[${i}].${name}[${j}]`));
    if ((rule.patterns ?? []).length === 0 && (rule.together ?? []).length === 0)
      throw new LanguagePackError(`${where}.rules[${i}]: no patterns`);
    const together = (rule.together ?? []).map((t, j) => {
      if (!Array.isArray(t.groups) || t.groups.length < 2)
        throw new LanguagePackError(`${where}.rules[${i}].together[${j}]: at least two groups`);
      if (!Number.isSafeInteger(t.window) || t.window < 1)
        throw new LanguagePackError(`${where}.rules[${i}].together[${j}]: window must be a positive integer`);
      return { groups: t.groups.map((g, k) => list(g, `together[${j}].groups[${k}]`).map(global)), window: t.window };
    });
    return {
      code: rule.code,
      class: cls,
      patterns: list(rule.patterns, 'patterns'),
      unless: list(rule.unless, 'unless'),
      topics: list(rule.topics, 'topics'),
      together,
    };
  });
  const words = (list: string[]) => new Set(list.map((w) => w.trim()));
  const breaks = data.clauseBreaks.length
    ? new RegExp(`(?:^| )(?:${data.clauseBreaks.map((b) => expandPattern(b, lexicon)).join('|')})(?= )`, 'gu')
    : null;
  return {
    language: data.language,
    clauseBreaks: breaks,
    negationCues: words(data.negation.cues),
    negationStops: words(data.negation.stops),
    negationWindow: data.negation.window,
    reported: data.reported.map((p, j) => compile(p, lexicon, `${where}.reported[${j}]`)),
    addressee: (data.addressee ?? []).map((p, j) => compile(p, lexicon, `${where}.addressee[${j}]`)),
    deictic: data.deictic.map((p, j) => compile(p, lexicon, `${where}.deictic[${j}]`)),
    rules,
  };
}

/** The raw packs shipped with the scorer, by language. */
export const LANGUAGE_PACK_DATA: Readonly<Record<string, LanguagePackData>> = {
  en: enPack as LanguagePackData,
  es: esPack as LanguagePackData,
  fr: frPack as LanguagePackData,
};

let compiled: ReadonlyMap<string, LanguagePack> | null = null;

/** The compiled packs (compiled once, on first use). */
export function languagePacks(): ReadonlyMap<string, LanguagePack> {
  if (compiled === null) {
    compiled = new Map(Object.entries(LANGUAGE_PACK_DATA).map(([language, data]) => [language, compileLanguagePack(data)]));
  }
  return compiled;
}
