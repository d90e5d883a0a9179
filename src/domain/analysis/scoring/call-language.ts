import { detectAll } from 'tinyld';

/**
 * Which language a call was in: detected from its transcript (tinyld, a pure, deterministic
 * n-gram detector), falling back on the language the transcript declared.
 */

/** Fewer letters than this and detection is a guess: the declared language is used instead. */
export const MIN_LETTERS_TO_DETECT = 40;

const NAMES: Record<string, string> = {
  english: 'en',
  eng: 'en',
  spanish: 'es',
  espanol: 'es',
  español: 'es',
  spa: 'es',
  castellano: 'es',
  french: 'fr',
  francais: 'fr',
  français: 'fr',
  fra: 'fr',
  fre: 'fr',
  german: 'de',
  deutsch: 'de',
  deu: 'de',
  ger: 'de',
  portuguese: 'pt',
  por: 'pt',
  italian: 'it',
  ita: 'it',
};
const UNKNOWN = new Set(['', 'und', 'unknown', 'auto', 'null', 'none']);

/** ISO 639-1 (`en`) for `en`, `en-US`, `en_GB`, `eng`, `English`, `Español`; null when unknown. */
export function languageCode(language: string | null | undefined): string | null {
  if (language === null || language === undefined) return null;
  const raw = language.trim().toLowerCase();
  if (UNKNOWN.has(raw)) return null;
  if (NAMES[raw]) return NAMES[raw];
  const head = raw.split(/[-_]/)[0];
  if (/^[a-z]{2}$/.test(head)) return head;
  return NAMES[head] ?? null;
}

export interface CallLanguage {
  /** The call's language: detected when the transcript is long enough, else declared; null when neither. */
  language: string | null;
  detected: string | null;
  declared: string | null;
}

/** Detects the language of what was said (all segments together). */
export function callLanguage(text: string, declared: string | null | undefined): CallLanguage {
  const declaredCode = languageCode(declared);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  let detected: string | null = null;
  if (letters >= MIN_LETTERS_TO_DETECT) {
    const best = detectAll(text)[0];
    if (best && best.accuracy > 0) detected = languageCode(best.lang);
  }
  return { language: detected ?? declaredCode, detected, declared: declaredCode };
}
