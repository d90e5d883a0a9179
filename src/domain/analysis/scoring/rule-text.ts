/**
 * Text as the rule engine reads it: folded for matching (lower case, no accents, every run of
 * non-letters a single space), cut into sentences and clauses, and always able to say which
 * words of the original a match covers, so evidence quotes exactly what was said.
 */

export interface FoldedText {
  /** Lower case, accents removed (NFKD without marks), every run of non-letters/digits one space. */
  text: string;
  /** For each character of `text`, where it starts in the original string. */
  starts: number[];
  /** For each character of `text`, where it ends (exclusive) in the original string. */
  ends: number[];
}

/**
 * Builds text from folded pieces, each remembered with the span of the original it came from;
 * a gap (non-letters) becomes one space, never leading.
 */
class MappedText {
  text = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  private pendingSpace = false;

  push(folded: string, from: number, to: number): void {
    if (this.pendingSpace && this.text.length > 0) {
      this.text += ' ';
      this.starts.push(from);
      this.ends.push(from);
    }
    this.pendingSpace = false;
    for (let i = 0; i < folded.length; i++) {
      this.text += folded[i];
      this.starts.push(from);
      this.ends.push(to);
    }
  }

  gap(): void {
    this.pendingSpace = true;
  }

  result(): FoldedText {
    return { text: this.text, starts: this.starts, ends: this.ends };
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

/**
 * Folds text for rule matching. `Dígamelo`, `digamelo` and `DIGAMELO` fold alike, `one-time`
 * folds to `one time`, `don't` to `don t`. Offsets map every folded character back to the
 * original, so a match can be quoted as it was written.
 */
export function foldForRules(input: string): FoldedText {
  const out = new MappedText();
  let offset = 0;
  for (const character of input) {
    const from = offset;
    offset += character.length;
    const code = character.charCodeAt(0);
    let folded: string;
    if (code < 0x80) {
      if (code >= 0x41 && code <= 0x5a) folded = String.fromCharCode(code + 0x20);
      else if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) folded = character;
      else folded = '';
    } else {
      folded = '';
      for (const part of character.normalize('NFKD').toLowerCase()) {
        if (MARK.test(part)) continue;
        if (LETTER_OR_DIGIT.test(part)) folded += part;
      }
      // ß and ligatures fold to several letters; anything else that is not a letter is a space.
    }
    if (folded === '') out.gap();
    else out.push(folded, from, offset);
  }
  return out.result();
}

/** The original words a folded match covers (`start`, `end` are offsets in the folded text). */
export function originalSpan(original: string, folded: FoldedText, start: number, end: number): string {
  if (end <= start || start >= folded.starts.length) return '';
  return original.slice(folded.starts[start], folded.ends[Math.min(end, folded.ends.length) - 1]).trim();
}

export interface TextPiece {
  /** The piece as written. */
  original: string;
  /** Where it starts in the segment's text. */
  offset: number;
  folded: FoldedText;
  /** The piece was a question (it ended with a question mark, or began with ¿). */
  question: boolean;
  /** Offsets in `folded.text` where a comma, colon or dash stood: a negation does not reach across them. */
  pauses: number[];
}

/** Sentence ends: . ! ? ; … and the inverted marks that open a Spanish sentence. */
const SENTENCE_END = /[.!?;…]+|[¿¡]/gu;

/**
 * Cuts a segment into sentences. A full stop between digits (`4.5`) or after a single letter
 * (`U.S.`, `Mr.`) does not end a sentence.
 */
export function sentences(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let start = 0;
  const push = (end: number, question: boolean) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const original = raw.trim();
    if (original !== '') pieces.push(piece(original, start + lead, question));
  };
  for (const match of text.matchAll(SENTENCE_END)) {
    const at = match.index;
    const mark = match[0];
    if (mark === '.' && isAbbreviationOrNumber(text, at)) continue;
    if (mark === '¿' || mark === '¡') {
      push(at, false);
      start = at + 1;
      continue;
    }
    push(at, mark.includes('?'));
    start = at + mark.length;
  }
  push(text.length, false);
  return pieces;
}

function isAbbreviationOrNumber(text: string, at: number): boolean {
  const before = text[at - 1] ?? '';
  const after = text[at + 1] ?? '';
  if (/\d/.test(before) && /\d/.test(after)) return true;
  // A single letter before the stop (U.S., e.g.) or a common title.
  const word = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, at - 5), at))?.[1] ?? '';
  if (word.length === 1) return true;
  return /^(mr|mrs|ms|dr|st|sr|sra|srta|mme|mlle|m)$/i.test(word);
}

const PAUSE = /[,:\u2014\u2013()]|\s-\s/gu;

function piece(original: string, offset: number, question: boolean): TextPiece {
  const folded = foldForRules(original);
  const pauses: number[] = [];
  for (const match of original.matchAll(PAUSE)) {
    // The first folded character at or after the pause.
    let at = folded.starts.findIndex((start) => start >= match.index);
    if (at > 0 && folded.text[at] === ' ') at++;
    if (at > 0 && at < folded.text.length) pauses.push(at);
  }
  return { original, offset, folded, question, pauses };
}

/**
 * Cuts a sentence into clauses at the given clause-break words (`but`, `pero`, `mais`...), which
 * stay at the start of the clause they open. `breaks` is a regular expression over folded text
 * matching whole break words. Commas do not cut a clause ("This is Daniel, from the fraud
 * department"); they are kept as pauses, which bound a negation ("No, I need the code").
 */
export function clauses(sentence: TextPiece, breaks: RegExp | null): TextPiece[] {
  const cuts = new Set<number>();
  const original = sentence.original;
  if (breaks) {
    breaks.lastIndex = 0;
    for (const match of sentence.folded.text.matchAll(breaks)) {
      const at = match.index + (match[0].startsWith(' ') ? 1 : 0);
      if (at > 0) cuts.add(sentence.folded.starts[at]);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: TextPiece[] = [];
  let start = 0;
  for (const point of [...points, original.length]) {
    const raw = original.slice(start, point);
    const text = raw.replace(/^[,:\u2014\u2013()\s-]+/u, '').trimEnd();
    const skipped = raw.length - raw.replace(/^[,:\u2014\u2013()\s-]+/u, '').length;
    if (text !== '' && LETTER_OR_DIGIT.test(text)) pieces.push(piece(text, sentence.offset + start + skipped, sentence.question));
    start = point;
  }
  return pieces;
}

/* ------------------------------------------------------------- phrase normalisation */

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
  const out = new MappedText();
  let offset = 0;
  for (const character of input) {
    const from = offset;
    offset += character.length;
    const code = character.charCodeAt(0);
    if (code < 0x80) {
      // ASCII fast path: NFKC leaves it alone, and lower-casing is a shift.
      if (code >= 0x61 && code <= 0x7a) out.push(character, from, offset);
      else if (code >= 0x41 && code <= 0x5a) out.push(String.fromCharCode(code + 0x20), from, offset);
      else if (code >= 0x30 && code <= 0x39) out.push(character, from, offset);
      else out.gap();
      continue;
    }
    for (const folded of character.normalize('NFKC').toLowerCase()) {
      if (WORD_CHARACTER.test(folded)) out.push(folded, from, offset);
      else out.gap();
    }
  }
  return out.result();
}
