import { InvalidError } from '../../shared/domain-error';
import { BUILTIN_SCORER_VERSION, combine, MAX_EVIDENCE_PER_FACTOR, scoreCall } from './builtin-risk-scorer';
import defaultConfigurationJson from './default-scoring-configuration.data.json';
import { DEFAULT_RULE_WEIGHTS, DEFAULT_SCORING_CONFIGURATION, validateScoringConfiguration } from './default-scoring-configuration';
import type { Evidence, RiskFactor, ScoreResult, ScoringConfiguration, ScoringInput, TranscriptSegmentInput } from './risk-scoring';
import { ROLE_FACTORS, RULE_CODES } from './rule-catalog';

/* Transcripts written for these tests, independently of the evaluation corpus. */
const CALLER = 'caller';
const AGENT = 'agent';
const config = DEFAULT_SCORING_CONFIGURATION;
const W = DEFAULT_RULE_WEIGHTS;

type Line = [speaker: string, startMs: number, endMs: number, text: string];

function transcript(lines: Line[], language: string | null = 'en'): NonNullable<ScoringInput['transcript']> {
  const segments: TranscriptSegmentInput[] = lines.map(([speaker, startMs, endMs, text]) => ({ speaker, startMs, endMs, text }));
  return { text: segments.map((s) => `${s.speaker}: ${s.text}`).join('\n'), segments, language };
}

const ORDINARY_CALLER: NonNullable<ScoringInput['call']> = {
  direction: 'inbound',
  from: '+13125550147',
  to: '+14155550100',
  stirVerstat: 'TN-Validation-Passed-A',
  durationSeconds: 180,
  homeCountry: 'US',
};

function input(
  lines: Line[] | null,
  call: Partial<NonNullable<ScoringInput['call']>> = {},
  history: ScoringInput['history'] = null,
  language: string | null = 'en',
): ScoringInput {
  return { transcript: lines ? transcript(lines, language) : null, call: { ...ORDINARY_CALLER, ...call }, history };
}

const codes = (result: ScoreResult) => result.riskFactors.map((f) => f.code);
const factor = (result: ScoreResult, code: string): RiskFactor => {
  const found = result.riskFactors.find((f) => f.code === code);
  if (!found) throw new Error(`no factor ${code} in ${codes(result).join(', ')}`);
  return found;
};
const quoted = (f: RiskFactor) => f.evidence.map((e) => (e.kind === 'phrase' ? e.phrase : null));
const score = (lines: Line[], call: Partial<NonNullable<ScoringInput['call']>> = {}, language: string | null = 'en') =>
  scoreCall(input(lines, call, null, language), config);

/* ------------------------------------------------------------------ fraudulent calls */

const BANK_OTP_SCAM: Line[] = [
  [CALLER, 0, 4200, 'Hello, this is Daniel calling from the fraud department at your bank.'],
  [AGENT, 4200, 6000, 'Oh no, what happened?'],
  [
    CALLER,
    6000,
    12500,
    'We detected a suspicious transaction of $950 on your account, and your account will be suspended within the hour.',
  ],
  [CALLER, 12500, 19800, 'To stop it, I just sent you a one-time code by text. Please read me the code so I can cancel the charge.'],
  [AGENT, 19800, 22000, 'It says 4 8 2 9 1 3.'],
  [CALLER, 22000, 27000, "Thank you. Don't hang up, I also need to verify your online banking password."],
];

const IRS_GIFT_CARD_THREAT: Line[] = [
  [CALLER, 0, 6500, 'This is Officer Mark Davis with the Internal Revenue Service, my badge number is 4471.'],
  [CALLER, 6500, 13000, 'You owe $4,800 in back taxes and there is an arrest warrant in your name.'],
  [AGENT, 13000, 15000, "I don't understand, I have always paid my taxes."],
  [CALLER, 15000, 23000, 'If you do not pay today you will be arrested. Go to Target and buy Google Play cards for the full amount.'],
  [CALLER, 23000, 30000, 'Then scratch off the back and read me the numbers. Do not tell anyone at the store what they are for.'],
];

const TECH_SUPPORT_SCAM: Line[] = [
  [CALLER, 0, 7000, "Hello, I'm calling from Microsoft Technical Support. We have detected that your computer has a virus."],
  [CALLER, 7000, 14000, 'Hackers are using your IP address right now. I need remote access to fix it.'],
  [AGENT, 14000, 16500, 'What do I need to do?'],
  [CALLER, 16500, 25000, 'Please go to AnyDesk dot com and download this app, then give me the nine digit number on your screen.'],
  [CALLER, 25000, 31000, 'Do not hang up, or your computer will be locked.'],
];

const GRANDPARENT_BAIL: Line[] = [
  [CALLER, 0, 3000, "Grandpa? It's me. I'm in trouble, I was arrested after an accident."],
  [CALLER, 3000, 9000, "Please don't tell Mom. My lawyer says the bail is eight thousand dollars."],
  [AGENT, 9000, 11000, 'Oh my goodness. What do I do?'],
  [CALLER, 11000, 18000, 'A courier from the court will come by your house tonight to collect the cash.'],
  [CALLER, 18000, 24000, "If the teller asks, tell them it's for home repairs."],
];

/* -------------------------------------------------------------------- ordinary calls */

const DELIVERY_QUESTION: Line[] = [
  [CALLER, 0, 5000, 'Hi, I ordered a sofa last week and I wanted to check when it will be delivered.'],
  [AGENT, 5000, 9000, 'Sure, can I have your order number, please?'],
  [CALLER, 9000, 12000, "It's 5 8 2 1 3."],
  [AGENT, 12000, 19000, "Thanks. It's on the truck and should arrive between two and four on Thursday."],
  [CALLER, 19000, 22000, 'Great, thank you so much.'],
];

const RESTAURANT_BOOKING: Line[] = [
  [CALLER, 0, 4000, "Hi, I'd like to book a table for four on Friday at seven thirty."],
  [AGENT, 4000, 9000, 'Let me check. Yes, we have a table by the window. Can I get a name and a phone number?'],
  [CALLER, 9000, 12000, 'Sam Patel, 415 555 0132.'],
  [AGENT, 12000, 16000, "You're all set. We'll text you a reminder the day before."],
];

describe('scoreCall: who asks for what', () => {
  it('a bank-impersonation one-time-code scam: the code, the password, the bank, the threat; each quoted with its speaker and time', () => {
    const result = score(BANK_OTP_SCAM);
    expect(result.scorerVersion).toBe(BUILTIN_SCORER_VERSION);
    expect(codes(result)).toEqual(
      expect.arrayContaining(['otp_request', 'password_request', 'bank_impersonation', 'threat', 'stay_on_line']),
    );
    expect(factor(result, 'otp_request')).toEqual({
      code: 'otp_request',
      weight: W.otp_request,
      evidence: [{ kind: 'phrase', phrase: 'read me the code', text: BANK_OTP_SCAM[3][3], speaker: CALLER, startMs: 12500, endMs: 19800 }],
    });
    expect(quoted(factor(result, 'password_request'))).toEqual(['verify your online banking password']);
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.8);
  });

  it('an IRS threat paid in gift cards: the cards, the codes on their back, the secrecy, the warrant', () => {
    const result = score(IRS_GIFT_CARD_THREAT);
    expect(quoted(factor(result, 'gift_card_payment'))).toEqual(['buy Google Play cards', 'scratch off the back']);
    expect(quoted(factor(result, 'secrecy'))).toEqual(['Do not tell anyone at the store']);
    expect(factor(result, 'threat').evidence.length).toBeGreaterThanOrEqual(2);
    expect(factor(result, 'government_impersonation').weight).toBe(W.government_impersonation);
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.8);
  });

  it('a tech-support scam asking for remote access and the number on the screen', () => {
    const result = score(TECH_SUPPORT_SCAM);
    expect(quoted(factor(result, 'remote_access'))).toEqual(expect.arrayContaining(['go to AnyDesk']));
    expect(codes(result)).toEqual(expect.arrayContaining(['tech_support_impersonation', 'threat', 'stay_on_line']));
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.8);
  });

  it('a grandparent scam: a courier for the cash, a gag on the family, a cover story for the teller', () => {
    const result = score(GRANDPARENT_BAIL);
    expect(codes(result)).toEqual(expect.arrayContaining(['cash_courier', 'secrecy', 'cover_story', 'threat']));
    expect(quoted(factor(result, 'cover_story'))).toEqual(["tell them it's for home repairs"]);
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.8);
  });

  it('one strong request by the caller reaches review on its own: a one-time code, a gift-card payment', () => {
    const code = score([[CALLER, 0, 3000, 'Can you tell me the six digits we just texted you?']]);
    expect(codes(code)).toEqual(['otp_request']);
    expect(code.fraudScore).toBeGreaterThanOrEqual(0.6);
    const cards = score([[CALLER, 0, 3000, 'You will need to pay the balance with Apple gift cards.']]);
    expect(codes(cards)).toEqual(['gift_card_payment']);
    expect(cards.fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('paraphrases are requests too: the digits in the message, the numbers by the signature strip', () => {
    expect(codes(score([[CALLER, 0, 3000, 'Just read me the six digits in that message.']]))).toEqual(['otp_request']);
    expect(codes(score([[CALLER, 0, 3000, 'What are the three numbers next to the signature strip?']]))).toEqual([
      'card_or_account_request',
    ]);
  });

  it('"read it to me" asks for whatever sensitive thing was just mentioned', () => {
    const result = score([
      [CALLER, 0, 4000, 'You will get a text with a verification code in a second.'],
      [AGENT, 4000, 6000, 'Okay, it came.'],
      [CALLER, 6000, 8000, 'Go ahead and read it to me.'],
    ]);
    expect(factor(result, 'otp_request').evidence).toEqual([
      { kind: 'phrase', phrase: 'read it to me', text: 'Go ahead and read it to me.', speaker: CALLER, startMs: 6000, endMs: 8000 },
    ]);
    // With nothing sensitive just mentioned, "read it to me" is nothing.
    expect(score([[CALLER, 0, 3000, 'I wrote the address down, read it to me and I will check it.']]).riskFactors).toEqual([]);
  });

  it('several weak signals add up; one alone stays low', () => {
    const weak = score([[CALLER, 0, 3000, 'Hi, I need to change the email on my account.']]);
    expect(weak.fraudScore).toBe(W.contact_change);
    const takeover = score([
      [CALLER, 0, 3000, 'Hi, I need to change the email on my account.'],
      [AGENT, 3000, 5000, 'Sure, I will send a code to the phone on file.'],
      [CALLER, 5000, 9000, "I don't have that phone anymore. Can you turn off the text alerts and raise my transfer limit today?"],
    ]);
    expect(codes(takeover)).toEqual(expect.arrayContaining(['contact_change', 'verification_bypass', 'alerts_off', 'limit_raise']));
    expect(takeover.fraudScore).toBeGreaterThanOrEqual(0.6);
    expect(takeover.fraudScore).toBeGreaterThan(weak.fraudScore);
  });

  it('urgency and claims count half when nobody outside the organization asked for anything', () => {
    const result = score([[CALLER, 0, 3000, 'This is the fraud department at your bank, please call us back today.']]);
    expect(factor(result, 'bank_impersonation').weight).toBe(W.bank_impersonation / 2);
    expect(factor(result, 'urgency').weight).toBe(W.urgency / 2);
  });

  it('ordinary calls score nothing', () => {
    expect(score(DELIVERY_QUESTION).riskFactors).toEqual([]);
    expect(score(RESTAURANT_BOOKING).riskFactors).toEqual([]);
  });
});

describe('scoreCall: negation, reported speech, reassurance', () => {
  it('"we will never ask for your one-time passcode" is a reassurance, not a request', () => {
    const result = score(
      [
        [AGENT, 0, 6000, 'This is your bank. We declined a charge at an electronics store and sent you a new card.'],
        [AGENT, 6000, 12000, 'Remember, we will never ask for your one-time passcode or your PIN.'],
      ],
      { direction: 'outbound' },
    );
    expect(codes(result)).not.toContain('otp_request');
    expect(factor(result, 'reassurance_never_ask').weight).toBe(-W.reassurance_never_ask);
    expect(result.fraudScore).toBe(0);
  });

  it('a utility that never takes gift cards, a Social Security office that will not ask for the number', () => {
    expect(score([[CALLER, 0, 5000, "We'll never ask you to pay with gift cards, you can pay online or by phone."]]).fraudScore).toBe(0);
    expect(score([[CALLER, 0, 5000, "I won't ask for your number over the phone, bring your card to the appointment."]]).fraudScore).toBe(
      0,
    );
  });

  it('a victim reporting a gift-card scam to her bank: the scammer’s words, reported, are not her requests', () => {
    const result = score([
      [CALLER, 0, 6000, 'A man called me saying he was from the IRS and that I would be arrested.'],
      [CALLER, 6000, 12000, 'He told me to buy Google Play cards and read him the numbers, and I did.'],
      [AGENT, 12000, 16000, 'I am so sorry. The IRS never asks for gift cards. Let us see what we can do.'],
    ]);
    expect(codes(result)).not.toContain('gift_card_payment');
    expect(result.fraudScore).toBeLessThan(0.2);
  });

  it('reported speech that turns to the listener is still a request ("the officer says you have to buy…")', () => {
    const result = score([[CALLER, 0, 6000, 'The officer says you have to buy Google Play cards to get me out.']]);
    expect(codes(result)).toContain('gift_card_payment');
  });

  it('"call the number on the back of your card" lowers the other factors; never a caller’s request for a secret', () => {
    const scare = score([[AGENT, 0, 6000, 'We saw unusual activity and your card will be blocked today.']]);
    const reassured = score([
      [AGENT, 0, 6000, 'We saw unusual activity and your card will be blocked today.'],
      [AGENT, 6000, 12000, 'If you are unsure, hang up and call the number on the back of your card.'],
    ]);
    expect(reassured.fraudScore).toBeLessThan(scare.fraudScore);
    const scam = score([
      [CALLER, 0, 4000, 'Read me the code we just texted you.'],
      [CALLER, 4000, 9000, 'And if you are unsure, call the number on the back of your card.'],
    ]);
    expect(factor(scam, 'otp_request').weight).toBe(W.otp_request);
    expect(scam.fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('a warning the caller explains away reassures nothing', () => {
    const result = score([
      [CALLER, 0, 3000, 'Please read me the verification code.'],
      [AGENT, 3000, 6000, 'The text says never share this code with anyone.'],
      [CALLER, 6000, 9000, "That's for people outside the bank, I'm the one who sent it."],
    ]);
    expect(codes(result)).toContain('warning_dismissed');
    expect(result.riskFactors.every((f) => f.weight > 0)).toBe(true);
  });
});

describe('scoreCall: speakers as roles', () => {
  const check: Line[] = [
    [AGENT, 0, 5000, 'To verify you, I have texted a one-time passcode to the phone on file. Could you read it back to me?'],
    [AGENT, 5000, 9000, 'And can you confirm the last four of your Social?'],
  ];
  const asCaller: Line[] = check.map(([, s, e, t]) => [CALLER, s, e, t]);

  it('the agent’s identity check hardly counts; the same words from the caller do', () => {
    const agent = score(check);
    expect(factor(agent, 'otp_request').weight).toBeCloseTo(W.otp_request * ROLE_FACTORS.secret.agent, 4);
    expect(agent.fraudScore).toBeLessThan(0.2);
    expect(score(asCaller).fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('channel:1 is the caller on an inbound call and the agent on an outbound call (Twilio’s parent leg)', () => {
    const onChannel1: Line[] = asCaller.map(([, s, e, t]) => ['channel:1', s, e, t]);
    const inbound = score(onChannel1, { direction: 'inbound' });
    expect(inbound.fraudScore).toBeGreaterThanOrEqual(0.6);
    expect(inbound.notes).toContain('Speakers: channel:1 is the caller, channel:2 the agent (inbound call)');
    expect(factor(inbound, 'otp_request').evidence[0]).toMatchObject({ speaker: 'channel:1' });
    const outbound = score(onChannel1, { direction: 'outbound' });
    expect(outbound.fraudScore).toBeLessThan(0.2);
    const onChannel2: Line[] = asCaller.map(([, s, e, t]) => ['channel:2', s, e, t]);
    expect(score(onChannel2, { direction: 'outbound' }).fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('unknown speakers (a mono upload, a stereo upload without a direction): requests count less than a caller’s', () => {
    const unknown: Line[] = asCaller.map(([, s, e, t]) => ['unknown', s, e, t]);
    const result = score(unknown, { direction: null });
    expect(factor(result, 'otp_request').weight).toBeCloseTo(W.otp_request * ROLE_FACTORS.secret.unknown, 4);
    expect(result.notes).toContain('Speakers unknown: requests were weighed without knowing whether the caller or the agent made them');
    const stereo: Line[] = asCaller.map(([, s, e, t]) => ['channel:1', s, e, t]);
    expect(score(stereo, { direction: null }).fraudScore).toBe(result.fraudScore);
  });

  it('agent:<user id> is the agent', () => {
    const withId: Line[] = check.map(([, s, e, t]) => ['agent:0193a1b2-0000-7000-8000-000000000001', s, e, t]);
    expect(score(withId).fraudScore).toBe(score(check).fraudScore);
  });
});

describe('scoreCall: languages', () => {
  it('a Spanish scam is read with the Spanish patterns', () => {
    const result = score(
      [
        [CALLER, 0, 6000, 'Buenos días, le llamo del departamento de seguridad de su banco, hemos visto un cargo sospechoso.'],
        [CALLER, 6000, 12000, 'Le va a llegar un mensaje con un código. En cuanto le llegue, me lo dicta, por favor.'],
        [CALLER, 12000, 16000, 'Y no le diga nada a nadie del banco, es confidencial.'],
      ],
      {},
      null,
    );
    expect(codes(result)).toEqual(expect.arrayContaining(['otp_request', 'secrecy', 'bank_impersonation']));
    expect(quoted(factor(result, 'otp_request'))).toEqual(['me lo dicta']);
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('a French scam is read with the French patterns, whatever language the transcript declared', () => {
    const result = score(
      [
        [CALLER, 0, 6000, 'Bonjour, service fraude de votre banque. Un paiement suspect est en cours.'],
        [CALLER, 6000, 12000, 'Vous allez recevoir un code par SMS, donnez-le-moi pour annuler le paiement. Ne raccrochez pas.'],
      ],
      {},
      'en',
    );
    expect(codes(result)).toEqual(expect.arrayContaining(['otp_request', 'stay_on_line']));
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.6);
  });

  it('a Spanish bank that never asks for codes: negation in Spanish', () => {
    const result = score(
      [[AGENT, 0, 6000, 'Le recordamos que nunca le pediremos sus claves ni los códigos que le llegan por SMS.']],
      { direction: 'outbound' },
      'es',
    );
    expect(codes(result)).toEqual(['reassurance_never_ask']);
  });

  it('a language without patterns: a note, no contribution from what was said; the caller’s attributes still count', () => {
    const german: Line[] = [
      [CALLER, 0, 6000, 'Guten Tag, hier ist die Betrugsabteilung Ihrer Bank. Bitte nennen Sie mir den Code aus der SMS.'],
      [CALLER, 6000, 12000, 'Es ist sehr dringend, sonst wird Ihr Konto heute noch gesperrt.'],
    ];
    const result = score(german, { from: 'anonymous' }, 'de');
    expect(codes(result)).toEqual(['caller_withheld']);
    expect(result.notes).toEqual([expect.stringMatching(/^Language de has no rule patterns/)]);
  });

  it('a transcript too short to detect uses the declared language', () => {
    expect(codes(score([[CALLER, 0, 2000, 'El código, dígamelo ya mismo.']], {}, 'es'))).toEqual(['otp_request', 'urgency']);
    // Declared French, it is read with the French patterns only.
    expect(score([[CALLER, 0, 2000, 'El código, dígamelo ya mismo.']], {}, 'fr').riskFactors).toEqual([]);
  });
});

describe('scoreCall: the organization’s own phrases', () => {
  it('are matched in any language, weighed by who said them, negation and reported speech apply', () => {
    const own = validateScoringConfiguration({
      ...structuredClone(defaultConfigurationJson),
      phraseCategories: [{ code: 'parcel_question', weight: 0.9, phrases: ['paquete retenido'] }],
    });
    const said: Line[] = [[CALLER, 0, 3000, 'Su paquete retenido en aduana necesita un pago.']];
    expect(scoreCall(input(said, {}, null, 'es'), own).riskFactors).toEqual([
      {
        code: 'parcel_question',
        weight: 0.9,
        evidence: [{ kind: 'phrase', phrase: 'paquete retenido', text: said[0][3], speaker: CALLER, startMs: 0, endMs: 3000 }],
      },
    ]);
    expect(scoreCall(input([[AGENT, 0, 3000, said[0][3]]], {}, null, 'es'), own).fraudScore).toBeCloseTo(0.9 * 0.3, 4);
    expect(scoreCall(input([[CALLER, 0, 3000, 'No tenemos ningún paquete retenido.']], {}, null, 'es'), own).riskFactors).toEqual([]);
  });

  it('a category named like a rule (an older configuration’s phrase lists) merges with it at the higher weight', () => {
    const legacy = validateScoringConfiguration({
      ...structuredClone(defaultConfigurationJson),
      phraseCategories: [{ code: 'otp_request', weight: 0.6, phrases: ['security key'] }],
    });
    const result = scoreCall(input([[CALLER, 0, 3000, 'Give me the security key and read me the code.']]), legacy);
    expect(result.riskFactors.filter((f) => f.code === 'otp_request')).toHaveLength(1);
    expect(factor(result, 'otp_request').weight).toBe(Math.max(0.6, W.otp_request));
    expect(factor(result, 'otp_request').evidence).toHaveLength(2);
  });
});

describe('scoreCall: evidence', () => {
  it('without segments, quotes the transcript text around each match (±60 characters), with no speaker or time', () => {
    const text = `${'Some small talk about the weather and the game last night, nothing much. '.repeat(2)}Now please read me the code we sent. ${'More chatter about the family.'.repeat(3)}`;
    const result = scoreCall({ transcript: { text, segments: [], language: 'en' }, call: null, history: null }, config);
    const evidence = factor(result, 'otp_request').evidence[0] as Extract<Evidence, { kind: 'phrase' }>;
    expect(evidence).toMatchObject({ kind: 'phrase', phrase: 'read me the code', speaker: null, startMs: null, endMs: null });
    expect(text).toContain(evidence.text);
    expect(evidence.text.length).toBeLessThanOrEqual('read me the code'.length + 120);
  });

  it(`keeps at most ${MAX_EVIDENCE_PER_FACTOR} pieces of evidence per factor, in transcript order`, () => {
    const lines: Line[] = Array.from({ length: 14 }, (_, i) => [CALLER, i * 1000, i * 1000 + 900, 'Hurry, read me the code now.']);
    const evidence = factor(score(lines), 'otp_request').evidence;
    expect(evidence).toHaveLength(MAX_EVIDENCE_PER_FACTOR);
    expect(evidence.map((e) => (e.kind === 'phrase' ? e.startMs : null))).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000));
  });

  it('no transcript, no call, no history: nothing to say', () => {
    expect(scoreCall({ transcript: null, call: null, history: null }, config)).toEqual({
      fraudScore: 0,
      riskFactors: [],
      scorerVersion: BUILTIN_SCORER_VERSION,
    });
  });
});

describe('scoreCall: who called', () => {
  const only = (call: Partial<NonNullable<ScoringInput['call']>>) => scoreCall(input(null, call), config);
  const attribute = (attribute: string, value: string | number | null): Evidence => ({ kind: 'attribute', attribute, value });

  it.each(['anonymous', 'Restricted', 'UNKNOWN', 'private', '', '  ', '+266696687', '266696687'])('withheld caller %j', (from) => {
    const result = only({ from });
    expect(result.riskFactors).toEqual([{ code: 'caller_withheld', weight: 0.15, evidence: [attribute('call.from', from)] }]);
    expect(result.fraudScore).toBe(0.15);
  });

  it('a missing From is withheld too', () => {
    expect(only({ from: null }).riskFactors).toEqual([{ code: 'caller_withheld', weight: 0.15, evidence: [attribute('call.from', null)] }]);
  });

  it.each(['12345', '+1234', '4155550100', '+1 415 555 0100', '+19765551234', 'not a number'])('malformed caller %j', (from) => {
    expect(only({ from }).riskFactors).toEqual([{ code: 'caller_malformed', weight: 0.2, evidence: [attribute('call.from', from)] }]);
  });

  it('Twilio Client and SIP identities are not callers to judge', () => {
    expect(only({ from: 'client:alice' }).riskFactors).toEqual([]);
    expect(only({ from: 'sip:alice@example.sip.twilio.com' }).riskFactors).toEqual([]);
  });

  it('failed STIR/SHAKEN attestation on an inbound call', () => {
    for (const stirVerstat of ['TN-Validation-Failed', 'TN-Validation-Failed-A', 'TN-Validation-Failed-C']) {
      expect(only({ stirVerstat }).riskFactors).toEqual([
        { code: 'stir_shaken_failed', weight: 0.3, evidence: [attribute('call.stirVerstat', stirVerstat)] },
      ]);
    }
    expect(only({ stirVerstat: 'No-TN-Validation' }).riskFactors).toEqual([
      { code: 'stir_shaken_unverified', weight: 0.1, evidence: [attribute('call.stirVerstat', 'No-TN-Validation')] },
    ]);
    for (const stirVerstat of ['TN-Validation-Passed-A', 'TN-Validation-Passed-B', null]) {
      expect(only({ stirVerstat }).riskFactors).toEqual([]);
    }
  });

  it('outbound calls: neither STIR/SHAKEN nor our own From is judged', () => {
    expect(only({ direction: 'outbound', stirVerstat: 'TN-Validation-Failed', from: 'anonymous' }).riskFactors).toEqual([]);
  });

  it('a premium-rate prefix, naming the prefix', () => {
    const result = only({ from: '+19005550111' });
    expect(result.riskFactors).toEqual([
      { code: 'premium_rate_prefix', weight: 0.35, evidence: [attribute('call.from', '+19005550111'), attribute('premiumPrefix', '1900')] },
    ]);
  });

  it('a Caribbean one-ring number is both a premium prefix and unexpected for a US organization', () => {
    const result = only({ from: '+18762345678' });
    expect(result.riskFactors).toEqual([
      { code: 'premium_rate_prefix', weight: 0.35, evidence: [attribute('call.from', '+18762345678'), attribute('premiumPrefix', '1876')] },
      {
        code: 'unexpected_international',
        weight: 0.15,
        evidence: [attribute('call.from', '+18762345678'), attribute('caller.country', 'JM'), attribute('call.homeCountry', 'US')],
      },
    ]);
    expect(result.fraudScore).toBe(combine([0.35, 0.15]));
  });

  it('an unexpected international caller, only when the organization has a home country', () => {
    expect(only({ from: '+442079460958' }).riskFactors).toEqual([
      {
        code: 'unexpected_international',
        weight: 0.15,
        evidence: [attribute('call.from', '+442079460958'), attribute('caller.country', 'GB'), attribute('call.homeCountry', 'US')],
      },
    ]);
    expect(only({ from: '+442079460958', homeCountry: 'gb' }).riskFactors).toEqual([]);
    expect(only({ from: '+442079460958', homeCountry: null }).riskFactors).toEqual([]);
    expect(only({ from: '+13125550147', homeCountry: 'US' }).riskFactors).toEqual([]);
  });
});

describe('scoreCall: how they called', () => {
  const history = (h: Partial<NonNullable<ScoringInput['history']>>): NonNullable<ScoringInput['history']> => ({
    windowMinutes: 30,
    callsFromSameNumber: 1,
    distinctAgentsCalled: 1,
    distinctWorkspacesCalled: 1,
    shortCallsFromSameNumber: 0,
    ...h,
  });
  const withHistory = (h: Partial<NonNullable<ScoringInput['history']>>) => scoreCall(input(null, {}, history(h)), config);
  const attribute = (attribute: string, value: number): Evidence => ({ kind: 'attribute', attribute, value });

  it('the same number reaching many agents in a short time', () => {
    expect(withHistory({ callsFromSameNumber: 6, distinctAgentsCalled: 4 }).riskFactors).toEqual([
      {
        code: 'number_burst_agents',
        weight: 0.35,
        evidence: [
          attribute('history.callsFromSameNumber', 6),
          attribute('history.distinctAgentsCalled', 4),
          attribute('history.windowMinutes', 30),
        ],
      },
    ]);
  });

  it('the same number reaching many workspaces of the organization', () => {
    const result = withHistory({ callsFromSameNumber: 8, distinctAgentsCalled: 5, distinctWorkspacesCalled: 3 });
    expect(codes(result)).toEqual(['number_burst_workspaces', 'number_burst_agents']);
    expect(factor(result, 'number_burst_workspaces').evidence).toEqual([
      attribute('history.callsFromSameNumber', 8),
      attribute('history.distinctWorkspacesCalled', 3),
      attribute('history.windowMinutes', 30),
    ]);
    expect(result.fraudScore).toBe(combine([0.4, 0.35]));
  });

  it('very short repeated calls', () => {
    expect(withHistory({ callsFromSameNumber: 5, shortCallsFromSameNumber: 5 }).riskFactors).toEqual([
      {
        code: 'short_repeated_calls',
        weight: 0.25,
        evidence: [
          attribute('history.shortCallsFromSameNumber', 5),
          attribute('history.windowMinutes', 30),
          attribute('thresholds.shortCallSeconds', 10),
        ],
      },
    ]);
  });

  it('below the thresholds: nothing', () => {
    expect(
      withHistory({ callsFromSameNumber: 4, distinctAgentsCalled: 4, distinctWorkspacesCalled: 4, shortCallsFromSameNumber: 4 })
        .riskFactors,
    ).toEqual([]);
    expect(
      withHistory({ callsFromSameNumber: 12, distinctAgentsCalled: 2, distinctWorkspacesCalled: 1, shortCallsFromSameNumber: 0 })
        .riskFactors,
    ).toEqual([]);
  });

  it('every signal together: each factor raises the score, never past 1', () => {
    const everything: ScoringInput = {
      transcript: transcript([...BANK_OTP_SCAM, ...IRS_GIFT_CARD_THREAT, ...TECH_SUPPORT_SCAM, ...GRANDPARENT_BAIL]),
      call: { ...ORDINARY_CALLER, from: '+19005550111', stirVerstat: 'TN-Validation-Failed' },
      history: history({ callsFromSameNumber: 9, distinctAgentsCalled: 6, distinctWorkspacesCalled: 3, shortCallsFromSameNumber: 7 }),
    };
    const result = scoreCall(everything, config);
    expect(result.riskFactors.length).toBeGreaterThanOrEqual(16);
    expect(result.fraudScore).toBeLessThanOrEqual(1);
    expect(result.fraudScore).toBeGreaterThan(0.99);
    // Monotone: dropping any one factor's weight never raises the score.
    const weights = result.riskFactors.map((f) => f.weight);
    weights.forEach((_, i) => expect(combine(weights.filter((__, j) => j !== i))).toBeLessThanOrEqual(result.fraudScore));
  });
});

describe('scoreCall: determinism', () => {
  it('the same input twice gives deep-equal results, factors by weight then code', () => {
    const call: ScoringInput = {
      transcript: transcript(TECH_SUPPORT_SCAM.concat(BANK_OTP_SCAM.slice(0, 3))),
      call: { ...ORDINARY_CALLER, stirVerstat: 'TN-Validation-Failed' },
      history: null,
    };
    const first = scoreCall(call, config);
    const second = scoreCall(structuredClone(call), config);
    expect(second).toEqual(first);
    const weights = first.riskFactors.map((f) => f.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    for (let i = 1; i < first.riskFactors.length; i++) {
      const [a, b] = [first.riskFactors[i - 1], first.riskFactors[i]];
      if (a.weight === b.weight) expect(a.code < b.code).toBe(true);
    }
  });

  it('the order of phrase categories in the configuration does not change the result', () => {
    const categories = [
      { code: 'aaa_custom', weight: 0.2, phrases: ['arrest warrant'] },
      { code: 'zzz_custom', weight: 0.3, phrases: ['google play'] },
    ];
    const forward = validateScoringConfiguration({ ...structuredClone(defaultConfigurationJson), phraseCategories: categories });
    const backward = validateScoringConfiguration({
      ...structuredClone(defaultConfigurationJson),
      phraseCategories: [...categories].reverse(),
    });
    for (const lines of [BANK_OTP_SCAM, IRS_GIFT_CARD_THREAT, TECH_SUPPORT_SCAM, GRANDPARENT_BAIL]) {
      expect(scoreCall(input(lines), backward)).toEqual(scoreCall(input(lines), forward));
    }
  });

  it('does not touch its input or configuration', () => {
    const call = input(
      IRS_GIFT_CARD_THREAT,
      {},
      { windowMinutes: 30, callsFromSameNumber: 6, distinctAgentsCalled: 4, distinctWorkspacesCalled: 1, shortCallsFromSameNumber: 0 },
    );
    const before = structuredClone(call);
    scoreCall(call, config);
    expect(call).toEqual(before);
    expect(Object.isFrozen(DEFAULT_SCORING_CONFIGURATION.ruleWeights)).toBe(true);
  });
});

describe('scoring configuration versions', () => {
  const json = () => structuredClone(defaultConfigurationJson) as unknown as ScoringConfiguration;

  it('a new version changes new scores and leaves results computed with the old one as they were', () => {
    const version1 = DEFAULT_SCORING_CONFIGURATION;
    const stored = JSON.parse(JSON.stringify(scoreCall(input(IRS_GIFT_CARD_THREAT), version1))) as ScoreResult;
    const storedCopy = structuredClone(stored);

    // Version 2: gift cards weigh more, threats are switched off, and a phrase of the organization's own.
    const draft = json();
    draft.ruleWeights!.gift_card_payment = 0.9;
    draft.ruleWeights!.threat = 0;
    draft.phraseCategories = [{ code: 'steam_codes', weight: 0.7, phrases: ['steam wallet code'] }];
    const version2 = validateScoringConfiguration(draft);

    const rescored = scoreCall(input(IRS_GIFT_CARD_THREAT), version2);
    expect(factor(rescored, 'gift_card_payment').weight).toBe(0.9);
    expect(codes(rescored)).not.toContain('threat');
    expect(rescored.fraudScore).not.toBe(stored.fraudScore);

    const steam: Line[] = [[CALLER, 0, 4000, 'There is a steam wallet code sale this week.']];
    expect(scoreCall(input(steam), version1).riskFactors).toEqual([]);
    expect(codes(scoreCall(input(steam), version2))).toEqual(['steam_codes']);

    // The result computed with version 1 is untouched, and version 1 still gives it.
    expect(stored).toEqual(storedCopy);
    expect(scoreCall(input(IRS_GIFT_CARD_THREAT), version1)).toEqual(stored);
  });

  it('a version saved before the rule engine (no ruleWeights, the old English phrase lists) is still valid and scores with the default rule weights', () => {
    const old = json() as unknown as Record<string, unknown>;
    delete old.ruleWeights;
    old.phraseCategories = [{ code: 'otp_request', weight: 0.6, phrases: ['one time code', 'verification code'] }];
    const migrated = validateScoringConfiguration(old);
    expect(migrated.ruleWeights).toEqual(DEFAULT_RULE_WEIGHTS);
    // A stored row is scored as it was stored, without ruleWeights: the defaults apply too.
    const stored = { ...migrated } as ScoringConfiguration;
    delete stored.ruleWeights;
    expect(scoreCall(input(BANK_OTP_SCAM), stored)).toEqual(scoreCall(input(BANK_OTP_SCAM), migrated));
  });
});

describe('the default scoring configuration', () => {
  it('weighs every rule of the engine, has no phrase categories of its own, and every attribute weight', () => {
    expect(DEFAULT_SCORING_CONFIGURATION.phraseCategories).toEqual([]);
    expect(Object.keys(DEFAULT_SCORING_CONFIGURATION.ruleWeights!).sort()).toEqual([...RULE_CODES].sort());
    for (const weight of Object.values(DEFAULT_SCORING_CONFIGURATION.ruleWeights!)) {
      expect(weight).toBeGreaterThan(0);
      expect(weight).toBeLessThanOrEqual(1);
    }
    // One strong request by the caller reaches the default review threshold on its own; a weak one does not.
    for (const code of [
      'otp_request',
      'password_request',
      'gift_card_payment',
      'card_or_account_request',
      'crypto_payment',
      'cash_courier',
      'safe_account_transfer',
      'remote_access',
    ]) {
      expect(W[code]).toBeGreaterThanOrEqual(0.6);
    }
    for (const code of ['contact_change', 'alerts_off', 'limit_raise', 'sim_change', 'urgency', 'threat', 'bank_impersonation']) {
      expect(W[code]).toBeLessThan(0.6);
    }
    expect(Object.keys(DEFAULT_SCORING_CONFIGURATION.attributeWeights).sort()).toEqual([
      'caller_malformed',
      'caller_withheld',
      'number_burst_agents',
      'number_burst_workspaces',
      'premium_rate_prefix',
      'short_repeated_calls',
      'stir_shaken_failed',
      'stir_shaken_unverified',
      'unexpected_international',
    ]);
    const documented = Object.keys(defaultConfigurationJson._about.premiumPrefixes);
    for (const prefix of DEFAULT_SCORING_CONFIGURATION.premiumPrefixes) expect(documented).toContain(prefix);
    expect(DEFAULT_SCORING_CONFIGURATION).not.toHaveProperty('_about');
  });
});

describe('validateScoringConfiguration', () => {
  const valid = () => {
    const draft = structuredClone(defaultConfigurationJson) as unknown as Record<string, any>;
    draft.phraseCategories = [
      { code: 'courier_pickup', weight: 0.5, phrases: ['courier will come', 'send a driver', 'pick up the cash'] },
      { code: 'parcel_fee', weight: 0.3, phrases: ['customs fee', 'frais de douane'] },
    ];
    return draft;
  };
  const refusal = (input: unknown): { code: string; path: unknown; message: string } => {
    try {
      validateScoringConfiguration(input);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidError);
      const e = error as InvalidError;
      return { code: e.code, path: e.details?.path, message: e.message };
    }
    throw new Error('accepted');
  };
  const pathOf = (mutate: (c: Record<string, any>) => void) => {
    const draft = valid();
    mutate(draft);
    const refused = refusal(draft);
    expect(refused.code).toBe('scoring_config.invalid');
    expect(refused.message).toContain(refused.path as string);
    return refused.path;
  };

  it('accepts the default and returns a clean copy', () => {
    const result = validateScoringConfiguration(structuredClone(defaultConfigurationJson));
    expect(result).toEqual(DEFAULT_SCORING_CONFIGURATION);
    expect(Object.isFrozen(result)).toBe(false);
  });

  it('refuses what is not an object', () => {
    expect(refusal(null).path).toBe('configuration');
    expect(refusal([]).path).toBe('configuration');
    expect(refusal('{}').path).toBe('configuration');
  });

  it('names the first problem by its path', () => {
    expect(pathOf((c) => (c.phraseCategories[0].weight = 1.5))).toBe('phraseCategories[0].weight');
    expect(pathOf((c) => (c.phraseCategories[1].weight = -0.1))).toBe('phraseCategories[1].weight');
    expect(pathOf((c) => (c.phraseCategories[1].weight = Number.NaN))).toBe('phraseCategories[1].weight');
    expect(pathOf((c) => (c.phraseCategories[1].code = ''))).toBe('phraseCategories[1].code');
    expect(pathOf((c) => (c.phraseCategories[1].code = 'Bad Code'))).toBe('phraseCategories[1].code');
    expect(pathOf((c) => (c.phraseCategories[1].code = 'courier_pickup'))).toBe('phraseCategories[1].code');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[1] = ''))).toBe('phraseCategories[0].phrases[1]');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[2] = ' -- '))).toBe('phraseCategories[0].phrases[2]');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[0] = 42))).toBe('phraseCategories[0].phrases[0]');
    expect(pathOf((c) => (c.phraseCategories[1].phrases[1] = 'x'.repeat(201)))).toBe('phraseCategories[1].phrases[1]');
    expect(pathOf((c) => c.phraseCategories[0].phrases.push('Courier-Will come'))).toBe('phraseCategories[0].phrases[3]');
    expect(pathOf((c) => (c.phraseCategories[1].phrases = Array.from({ length: 501 }, (_, i) => `phrase ${i}`)))).toBe(
      'phraseCategories[1].phrases',
    );
    expect(pathOf((c) => (c.phraseCategories[1].phrases = []))).toBe('phraseCategories[1].phrases');
    expect(pathOf((c) => (c.phraseCategories[1].weigth = 0.2))).toBe('phraseCategories[1].weigth');
    expect(pathOf((c) => (c.ruleWeights.otp_request = 1.2))).toBe('ruleWeights.otp_request');
    expect(pathOf((c) => (c.ruleWeights.otp_requets = 0.5))).toBe('ruleWeights.otp_requets');
    expect(pathOf((c) => (c.ruleWeights = []))).toBe('ruleWeights');
    expect(pathOf((c) => (c.attributeWeights.caller_withheld = 2))).toBe('attributeWeights.caller_withheld');
    expect(pathOf((c) => (c.attributeWeights.remote_access = 0.2))).toBe('attributeWeights.remote_access');
    expect(pathOf((c) => (c.attributeWeights['Caller Withheld'] = 0.2))).toBe('attributeWeights.Caller Withheld');
    expect(pathOf((c) => (c.thresholds.burstCalls = 0))).toBe('thresholds.burstCalls');
    expect(pathOf((c) => (c.thresholds.shortCallSeconds = 2.5))).toBe('thresholds.shortCallSeconds');
    expect(pathOf((c) => delete c.thresholds.burstDistinctTargets)).toBe('thresholds.burstDistinctTargets');
    expect(pathOf((c) => (c.premiumPrefixes = ['+1900']))).toBe('premiumPrefixes[0]');
    expect(pathOf((c) => (c.premiumPrefixes = ['882', '882']))).toBe('premiumPrefixes[1]');
    expect(pathOf((c) => (c.treshold = {}))).toBe('treshold');
    expect(pathOf((c) => delete c.attributeWeights)).toBe('attributeWeights');
  });

  it('a partial ruleWeights keeps the defaults for the rules it leaves out; 0 switches a rule off', () => {
    const draft = valid();
    draft.ruleWeights = { urgency: 0, otp_request: 0.8 };
    const result = validateScoringConfiguration(draft);
    expect(result.ruleWeights).toEqual({ ...DEFAULT_RULE_WEIGHTS, urgency: 0, otp_request: 0.8 });
    expect(codes(scoreCall(input(BANK_OTP_SCAM), result))).not.toContain('urgency');
  });

  it('allows documentation keys starting with _ and drops them', () => {
    const draft = valid();
    draft.phraseCategories[0]._note = 'reviewed by the fraud team';
    draft.attributeWeights._note = 'tuned in March';
    draft.ruleWeights._note = 'defaults';
    const result = validateScoringConfiguration(draft);
    expect(result.phraseCategories[0]).not.toHaveProperty('_note');
    expect(result.attributeWeights).not.toHaveProperty('_note');
    expect(result.ruleWeights).not.toHaveProperty('_note');
  });
});
