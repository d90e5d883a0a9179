import { callLanguage, languageCode } from './call-language';
import { RULES } from './rule-catalog';
import { findRules, negated, type RuleUnit } from './rule-engine';
import {
  compileLanguagePack,
  expandPattern,
  LANGUAGE_PACK_DATA,
  LanguagePackError,
  languagePacks,
  type LanguagePackData,
} from './rule-patterns';
import { clauses, foldForRules, originalSpan, sentences } from './rule-text';
import { rolesNote, speakerRole } from './speaker-roles';

describe('foldForRules', () => {
  it('folds case, accents, punctuation and hyphens, and maps every character back to the original', () => {
    const original = "¿Dígamelo? Don't — one-time CÓDIGO!";
    const folded = foldForRules(original);
    expect(folded.text).toBe('digamelo don t one time codigo');
    const at = folded.text.indexOf('one time');
    expect(originalSpan(original, folded, at, at + 'one time codigo'.length)).toBe('one-time CÓDIGO');
    expect(folded.starts).toHaveLength(folded.text.length);
    expect(folded.ends).toHaveLength(folded.text.length);
  });

  it('keeps non-Latin letters and digits, drops marks', () => {
    expect(foldForRules('Ça coûte 4,50 € — ñandú').text).toBe('ca coute 4 50 nandu');
  });
});

describe('sentences and clauses', () => {
  it('cuts at sentence ends, not inside numbers or abbreviations; ¿ and ¡ open a sentence', () => {
    const cut = sentences('Mr. Smith paid 4.50 today. Is that right? ¿Me lo dice? ¡Rápido!').map((s) => [s.original, s.question]);
    expect(cut).toEqual([
      ['Mr. Smith paid 4.50 today', false],
      ['Is that right', true],
      ['Me lo dice', true],
      ['Rápido', false],
    ]);
  });

  it('cuts a sentence at the pack’s clause breaks, which open the next clause; commas are pauses', () => {
    const en = languagePacks().get('en')!;
    const [sentence] = sentences('We will never ask for your PIN, but I do need the code from the text so I can cancel it.');
    expect(clauses(sentence, en.clauseBreaks).map((c) => c.original)).toEqual([
      'We will never ask for your PIN,',
      'but I do need the code from the text',
      'so I can cancel it',
    ]);
  });
});

describe('language packs', () => {
  it('every shipped pack compiles, uses only the catalog’s rules, and English covers every rule', () => {
    for (const [language, data] of Object.entries(LANGUAGE_PACK_DATA)) {
      const pack = compileLanguagePack(data);
      expect(pack.language).toBe(language);
      for (const rule of pack.rules) expect(RULES.map((r) => r.code)).toContain(rule.code);
    }
    expect(
      languagePacks()
        .get('en')!
        .rules.map((r) => r.code)
        .sort(),
    ).toEqual(RULES.map((r) => r.code).sort());
    for (const language of ['es', 'fr']) expect(languagePacks().get(language)!.rules.length).toBeGreaterThanOrEqual(RULES.length - 2);
  });

  it('expands lexicon entries and word gaps', () => {
    expect(expandPattern('read ~2 {code}', { code: 'code|pin' })).toBe('read(?: [^ ]+){0,2} (?:code|pin)');
    expect(expandPattern('(?:name is ~2) x', {})).toBe('(?:name is(?: [^ ]+){0,2}) x');
    expect(new RegExp(expandPattern('read ~2 {code}', { code: 'code|pin' })).test('read me the code')).toBe(true);
  });

  it('refuses a malformed pack, naming the problem', () => {
    const base = (): LanguagePackData => structuredClone(LANGUAGE_PACK_DATA.en);
    const refused = (mutate: (d: LanguagePackData) => void) => {
      const data = base();
      mutate(data);
      expect(() => compileLanguagePack(data)).toThrow(LanguagePackError);
      try {
        compileLanguagePack(data);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(refused((d) => (d.rules[0].code = 'nonsense'))).toMatch(/unknown rule code nonsense/);
    expect(refused((d) => d.rules.push(structuredClone(d.rules[0])))).toMatch(/appears twice/);
    expect(refused((d) => (d.rules[0].patterns = ['{missing} code']))).toMatch(/unknown lexicon entry \{missing\}/);
    expect(refused((d) => (d.rules[0].patterns = ['Read Me'])).valueOf()).toMatch(/not folded/);
    expect(refused((d) => (d.rules[0].patterns = ['código']))).toMatch(/not folded/);
    expect(refused((d) => (d.rules[0].patterns = ['read (me']))).toMatch(/does not compile/);
    expect(refused((d) => ((d.lexicon.a = '{b}'), (d.lexicon.b = '{a}'), (d.rules[0].patterns = ['{a}'])))).toMatch(/circular/);
  });

  it('a negation reaches a few words back, and stops at "but", "just", "if"', () => {
    const en = languagePacks().get('en')!;
    const at = (text: string, word: string) => negated(en, text, text.indexOf(word));
    expect(at('we will never ask for your code', 'ask')).toBe(true);
    expect(at('we don t need your code', 'need')).toBe(true);
    expect(at('never mind that just read me the code', 'read')).toBe(false);
    expect(at('no no no this is taking too long read me the code', 'read')).toBe(false);
    // A comma ends a negation's reach: "No, I need the code".
    const pack = en;
    const text = 'no i need the code';
    expect(negated(pack, text, text.indexOf('need'))).toBe(true);
    expect(negated(pack, text, text.indexOf('need'), [text.indexOf('i need')])).toBe(false);
  });
});

describe('findRules', () => {
  const unit = (text: string, role: RuleUnit['role'] = 'caller', startMs = 0): RuleUnit => ({
    text,
    role,
    speaker: role,
    startMs,
    endMs: startMs + 1000,
    fromSegment: true,
  });
  const en = [languagePacks().get('en')!];

  it('finds in transcript order, one finding per rule and clause, with the clause’s exact words', () => {
    const findings = findRules(
      [unit('Hurry. Read me the code, read me the code. But read me the code.'), unit('Buy gift cards.', 'caller', 2000)],
      en,
      [],
    );
    expect(findings.map((f) => [f.code, f.unit, f.evidence.kind === 'phrase' ? f.evidence.phrase : null])).toEqual([
      ['urgency', 0, 'Hurry'],
      ['otp_request', 0, 'Read me the code'],
      ['otp_request', 0, 'read me the code'],
      ['gift_card_payment', 1, 'Buy gift cards'],
    ]);
  });

  it('a topic lasts a few turns: "read it to me" long after the code was mentioned asks for nothing', () => {
    const units = [
      unit('You will get a verification code.'),
      ...Array.from({ length: 5 }, (_, i) => unit('Okay.', 'agent', (i + 1) * 1000)),
      unit('Read it to me.', 'caller', 7000),
    ];
    expect(findRules(units, en, []).filter((f) => f.code === 'otp_request')).toEqual([]);
  });
});

describe('speakerRole', () => {
  it('reads roles, and channels with the call’s direction (channel:1 is Twilio’s parent leg)', () => {
    expect(speakerRole('caller', null)).toBe('caller');
    expect(speakerRole('Agent', 'inbound')).toBe('agent');
    expect(speakerRole('agent:0193a1b2-0000-7000-8000-000000000001', null)).toBe('agent');
    expect(speakerRole('channel:1', 'inbound')).toBe('caller');
    expect(speakerRole('channel:2', 'inbound')).toBe('agent');
    expect(speakerRole('channel:1', 'outbound')).toBe('agent');
    expect(speakerRole('channel:2', 'outbound')).toBe('caller');
    expect(speakerRole('channel:1', null)).toBe('unknown');
    expect(speakerRole('speaker', 'inbound')).toBe('unknown');
    expect(speakerRole('unknown', 'inbound')).toBe('unknown');
    expect(speakerRole(null, 'inbound')).toBe('unknown');
  });

  it('says how the roles were found', () => {
    expect(rolesNote(['caller', 'agent'], 'inbound')).toBeNull();
    expect(rolesNote(['channel:1', 'channel:2'], 'outbound')).toBe(
      'Speakers: channel:1 is the agent, channel:2 the person called (outbound call)',
    );
    expect(rolesNote(['speaker'], 'inbound')).toMatch(/^Speakers unknown/);
  });
});

describe('call language', () => {
  it('normalizes declared languages', () => {
    expect(
      ['en', 'en-US', 'en_GB', 'eng', 'English', 'es-MX', 'Español', 'spanish', 'fr-CA', 'French', 'français'].map(languageCode),
    ).toEqual(['en', 'en', 'en', 'en', 'en', 'es', 'es', 'es', 'fr', 'fr', 'fr']);
    expect([null, undefined, '', 'und', 'auto', 'unknown'].map(languageCode)).toEqual([null, null, null, null, null, null]);
  });

  it('detects from the transcript when there is enough of it, else keeps the declared language', () => {
    expect(callLanguage('Buenos días, le llamo del departamento de seguridad de su banco por un cargo.', 'en')).toEqual({
      language: 'es',
      detected: 'es',
      declared: 'en',
    });
    expect(callLanguage('Bonjour, je vous appelle du service fraude de votre banque au sujet d’un paiement.', null).language).toBe('fr');
    expect(callLanguage('Sí, soy yo.', 'es')).toEqual({ language: 'es', detected: null, declared: 'es' });
    expect(callLanguage('Okay.', null)).toEqual({ language: null, detected: null, declared: null });
  });
});
