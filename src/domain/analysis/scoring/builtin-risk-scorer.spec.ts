import { InvalidError } from '../../shared/domain-error';
import { BUILTIN_SCORER_VERSION, combine, MAX_EVIDENCE_PER_FACTOR, normalizeForMatching, scoreCall } from './builtin-risk-scorer';
import defaultConfigurationJson from './default-scoring-configuration.data.json';
import { DEFAULT_SCORING_CONFIGURATION, validateScoringConfiguration } from './default-scoring-configuration';
import type { Evidence, RiskFactor, ScoreResult, ScoringConfiguration, ScoringInput, TranscriptSegmentInput } from './risk-scoring';

/* Transcripts written for these tests. channel:1 is the caller, channel:2 the agent who answered. */
const CALLER = 'channel:1';
const AGENT = 'channel:2';
const config = DEFAULT_SCORING_CONFIGURATION;

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

function input(lines: Line[] | null, call: Partial<NonNullable<ScoringInput['call']>> = {}, history: ScoringInput['history'] = null): ScoringInput {
  return { transcript: lines ? transcript(lines) : null, call: { ...ORDINARY_CALLER, ...call }, history };
}

const codes = (result: ScoreResult) => result.riskFactors.map((f) => f.code);
const factor = (result: ScoreResult, code: string): RiskFactor => {
  const found = result.riskFactors.find((f) => f.code === code);
  if (!found) throw new Error(`no factor ${code} in ${codes(result).join(', ')}`);
  return found;
};
const phrases = (f: RiskFactor) => f.evidence.map((e) => (e.kind === 'phrase' ? e.phrase : null));
const weightOf = (code: string) =>
  config.phraseCategories.find((c) => c.code === code)?.weight ?? config.attributeWeights[code];
const expectedScore = (...factorCodes: string[]) => combine(factorCodes.map(weightOf));

/* ------------------------------------------------------------------ fraudulent calls */

const BANK_OTP_SCAM: Line[] = [
  [CALLER, 0, 4200, 'Hello, this is Daniel calling from the fraud department at your bank.'],
  [AGENT, 4200, 6000, 'Oh no, what happened?'],
  [CALLER, 6000, 12500, 'We detected a suspicious transaction of $950 on your account, and your account will be suspended within the hour.'],
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

const CRYPTO_WIRE_SCAM: Line[] = [
  [CALLER, 0, 8000, "Hi, I'm with a trading platform that offers guaranteed returns of thirty percent a month on Bitcoin."],
  [AGENT, 8000, 10000, 'How would I invest?'],
  [CALLER, 10000, 18500, 'You send a wire transfer to our partner bank today and we convert it into crypto in your wallet.'],
  [CALLER, 18500, 26000, 'Or deposit cash at a Bitcoin ATM and send me the wallet address on the receipt. This is your last chance, the offer closes tonight.'],
  [CALLER, 26000, 31000, 'I will also need your bank account number and routing number to set up withdrawals.'],
];

/* -------------------------------------------------------------------- ordinary calls */

const DELIVERY_QUESTION: Line[] = [
  [CALLER, 0, 5000, 'Hi, I ordered a sofa last week and I wanted to check when it will be delivered.'],
  [AGENT, 5000, 9000, 'Sure, can I have your order number, please?'],
  [CALLER, 9000, 12000, "It's 5 8 2 1 3."],
  [AGENT, 12000, 19000, "Thanks. It's on the truck today and should arrive between two and four this afternoon."],
  [CALLER, 19000, 22000, 'Great, thank you so much.'],
];

const BILLING_ADDRESS_CHANGE: Line[] = [
  [CALLER, 0, 5500, 'Hello, I moved last month and I need to change the billing address on my account.'],
  [AGENT, 5500, 10000, 'No problem. For security, can you confirm your full name and date of birth?'],
  [CALLER, 10000, 13000, 'Jane Miller, March 3rd, 1985.'],
  [AGENT, 13000, 15000, "Thank you. What's the new address?"],
  [CALLER, 15000, 20000, '1200 Oak Street, apartment 4B, Portland, Oregon, 97205.'],
  [AGENT, 20000, 24000, 'Done. Your next statement will go to the new address.'],
];

const RESTAURANT_BOOKING: Line[] = [
  [CALLER, 0, 4000, "Hi, I'd like to book a table for four on Friday at seven thirty."],
  [AGENT, 4000, 9000, 'Let me check. Yes, we have a table by the window. Can I get a name and a phone number?'],
  [CALLER, 9000, 12000, 'Sam Patel, 415 555 0132.'],
  [AGENT, 12000, 16000, "You're all set. We'll text you a reminder the day before."],
];

const CARD_BALANCE_QUESTION: Line[] = [
  [CALLER, 0, 6000, "Hi, I'm calling about my credit card balance. I think a payment didn't go through."],
  [AGENT, 6000, 12000, 'I can help with that. Your balance is $412.50 and your payment of $200 posted this morning.'],
  [CALLER, 12000, 15000, 'Oh good. And when is the next payment due?'],
  [AGENT, 15000, 20000, 'On the 15th. You can also check it any time in the mobile app.'],
];

describe('scoreCall: what was said', () => {
  it('a bank-impersonation one-time-code scam: the code request, the password, the bank and the urgency', () => {
    const result = scoreCall(input(BANK_OTP_SCAM), config);

    expect(codes(result)).toEqual(['otp_request', 'password_request', 'bank_impersonation', 'urgency_or_threat']);
    expect(factor(result, 'otp_request')).toEqual({
      code: 'otp_request',
      weight: 0.6,
      evidence: [
        { kind: 'phrase', phrase: 'one time code', text: BANK_OTP_SCAM[3][3], speaker: CALLER, startMs: 12500, endMs: 19800 },
        { kind: 'phrase', phrase: 'read me the code', text: BANK_OTP_SCAM[3][3], speaker: CALLER, startMs: 12500, endMs: 19800 },
      ],
    });
    expect(factor(result, 'password_request').evidence).toEqual([
      { kind: 'phrase', phrase: 'your online banking password', text: BANK_OTP_SCAM[5][3], speaker: CALLER, startMs: 22000, endMs: 27000 },
    ]);
    expect(factor(result, 'bank_impersonation').evidence).toEqual([
      { kind: 'phrase', phrase: 'fraud department', text: BANK_OTP_SCAM[0][3], speaker: CALLER, startMs: 0, endMs: 4200 },
      { kind: 'phrase', phrase: 'suspicious transaction', text: BANK_OTP_SCAM[2][3], speaker: CALLER, startMs: 6000, endMs: 12500 },
    ]);
    expect(phrases(factor(result, 'urgency_or_threat'))).toEqual(['account will be suspended', 'don t hang up']);
    expect(result.fraudScore).toBeCloseTo(0.902, 4);
    expect(result.fraudScore).toBeGreaterThan(0.6);
    expect(result.scorerVersion).toBe(BUILTIN_SCORER_VERSION);
  });

  it('an IRS threat paid in gift cards: the agency, the threats and the cards', () => {
    const result = scoreCall(input(IRS_GIFT_CARD_THREAT), config);

    expect(codes(result)).toEqual(['gift_card_payment', 'government_impersonation', 'urgency_or_threat']);
    expect(factor(result, 'gift_card_payment').evidence).toEqual([
      { kind: 'phrase', phrase: 'google play cards', text: IRS_GIFT_CARD_THREAT[3][3], speaker: CALLER, startMs: 15000, endMs: 23000 },
      { kind: 'phrase', phrase: 'scratch off the back', text: IRS_GIFT_CARD_THREAT[4][3], speaker: CALLER, startMs: 23000, endMs: 30000 },
    ]);
    expect(phrases(factor(result, 'government_impersonation'))).toEqual(['internal revenue service', 'badge number', 'back taxes']);
    const urgency = factor(result, 'urgency_or_threat');
    expect(phrases(urgency)).toEqual(['arrest warrant', 'you will be arrested', 'do not tell anyone']);
    expect(urgency.evidence.map((e) => e.kind === 'phrase' && [e.speaker, e.startMs, e.endMs])).toEqual([
      [CALLER, 6500, 13000],
      [CALLER, 15000, 23000],
      [CALLER, 23000, 30000],
    ]);
    expect(result.fraudScore).toBeCloseTo(expectedScore('gift_card_payment', 'government_impersonation', 'urgency_or_threat'), 4);
    expect(result.fraudScore).toBeGreaterThan(0.6);
  });

  it('a tech-support scam asking for remote access', () => {
    const result = scoreCall(input(TECH_SUPPORT_SCAM), config);

    expect(codes(result)).toEqual(['remote_access', 'tech_support_impersonation', 'urgency_or_threat']);
    expect(factor(result, 'remote_access').evidence).toEqual([
      { kind: 'phrase', phrase: 'remote access', text: TECH_SUPPORT_SCAM[1][3], speaker: CALLER, startMs: 7000, endMs: 14000 },
      { kind: 'phrase', phrase: 'anydesk', text: TECH_SUPPORT_SCAM[3][3], speaker: CALLER, startMs: 16500, endMs: 25000 },
      { kind: 'phrase', phrase: 'download this app', text: TECH_SUPPORT_SCAM[3][3], speaker: CALLER, startMs: 16500, endMs: 25000 },
    ]);
    expect(phrases(factor(result, 'tech_support_impersonation'))).toEqual([
      'microsoft technical support',
      'your computer has a virus',
      'your ip address',
    ]);
    expect(result.fraudScore).toBeCloseTo(0.755, 4);
    expect(result.fraudScore).toBeGreaterThan(0.6);
  });

  it('a crypto investment paid by wire: platform, returns, wallet, wire and account numbers', () => {
    const result = scoreCall(input(CRYPTO_WIRE_SCAM), config);

    expect(codes(result)).toEqual(['crypto_payment', 'card_or_account_request', 'wire_transfer_payment', 'urgency_or_threat']);
    expect(phrases(factor(result, 'crypto_payment'))).toEqual([
      'trading platform',
      'guaranteed returns',
      'bitcoin',
      'crypto',
      'bitcoin',
      'bitcoin atm',
      'wallet address',
    ]);
    expect(factor(result, 'wire_transfer_payment').evidence).toEqual([
      { kind: 'phrase', phrase: 'wire transfer', text: CRYPTO_WIRE_SCAM[2][3], speaker: CALLER, startMs: 10000, endMs: 18500 },
    ]);
    expect(factor(result, 'card_or_account_request').evidence).toEqual([
      { kind: 'phrase', phrase: 'bank account number', text: CRYPTO_WIRE_SCAM[4][3], speaker: CALLER, startMs: 26000, endMs: 31000 },
      { kind: 'phrase', phrase: 'routing number', text: CRYPTO_WIRE_SCAM[4][3], speaker: CALLER, startMs: 26000, endMs: 31000 },
    ]);
    expect(result.fraudScore).toBeCloseTo(0.8614, 4);
    expect(result.fraudScore).toBeGreaterThan(0.6);
  });

  it.each([
    ['a delivery question', DELIVERY_QUESTION],
    ['a billing address change', BILLING_ADDRESS_CHANGE],
    ['a restaurant booking', RESTAURANT_BOOKING],
    ['a question about a real card balance', CARD_BALANCE_QUESTION],
  ])('%s raises no phrase factor', (_name, lines) => {
    const result = scoreCall(input(lines), config);
    expect(result).toEqual({ fraudScore: 0, riskFactors: [], scorerVersion: BUILTIN_SCORER_VERSION });
  });

  it('ordinary calls with weak caller signals stay below 0.3', () => {
    // A traveller calling about their own card from a London number; a delivery question from a
    // carrier that did not sign the call.
    const abroad = scoreCall(input(CARD_BALANCE_QUESTION, { from: '+442079460958' }), config);
    expect(codes(abroad)).toEqual(['unexpected_international']);
    expect(abroad.fraudScore).toBe(0.15);

    const unsigned = scoreCall(input(DELIVERY_QUESTION, { stirVerstat: 'No-TN-Validation' }), config);
    expect(codes(unsigned)).toEqual(['stir_shaken_unverified']);
    expect(unsigned.fraudScore).toBe(0.1);

    for (const lines of [DELIVERY_QUESTION, BILLING_ADDRESS_CHANGE, RESTAURANT_BOOKING, CARD_BALANCE_QUESTION]) {
      expect(scoreCall(input(lines, { from: '+442079460958', stirVerstat: 'No-TN-Validation' }), config).fraudScore).toBeLessThan(0.3);
    }
  });

  it('a category counts once, at its weight, however many times it is heard; evidence is capped', () => {
    const lines: Line[] = Array.from({ length: 14 }, (_, i): Line => [CALLER, i * 1000, i * 1000 + 900, `Buy gift card ${i + 1} now.`]);
    const result = scoreCall(input(lines), config);

    expect(result.riskFactors).toHaveLength(1);
    expect(result.riskFactors[0]).toMatchObject({ code: 'gift_card_payment', weight: 0.55 });
    expect(result.riskFactors[0].evidence).toHaveLength(MAX_EVIDENCE_PER_FACTOR);
    expect(result.riskFactors[0].evidence.map((e) => e.kind === 'phrase' && e.startMs)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(result.fraudScore).toBe(0.55);
  });

  it('matches whole words after folding case, punctuation and whitespace', () => {
    const match = (text: string) => codes(scoreCall(input([[CALLER, 0, 1000, text]]), config));
    expect(match('Read me the ONE-TIME   passcode,\nplease')).toEqual(['otp_request']);
    expect(match('What’s your password?')).toEqual(['password_request']);
    expect(match('Install Team-Viewer now')).toEqual(['remote_access']);
    // No match inside longer words: "firs", "hotpot", "cryptographer", "giftcard".
    expect(match('The firs by the hotpot restaurant; the cryptographer bought a giftcard')).toEqual([]);
  });

  it('without segments, quotes the transcript text around each match (±60 characters), with no speaker or time', () => {
    const text =
      'Good afternoon. I am calling about your recent order and the delivery window we agreed on. ' +
      'Before I continue I need the verification code that was sent to your phone, just read it out. ' +
      'Thank you for your patience today.';
    const result = scoreCall({ transcript: { text, segments: [], language: null }, call: null, history: null }, config);

    expect(codes(result)).toEqual(['otp_request']);
    const start = text.indexOf('verification code');
    const end = text.indexOf('code that was sent') + 'code that was sent'.length;
    expect(factor(result, 'otp_request').evidence).toEqual([
      { kind: 'phrase', phrase: 'verification code', text: text.slice(start - 60, start + 'verification code'.length + 60).trim(), speaker: null, startMs: null, endMs: null },
      { kind: 'phrase', phrase: 'code that was sent', text: text.slice(end - 'code that was sent'.length - 60, end + 60).trim(), speaker: null, startMs: null, endMs: null },
    ]);
  });

  it('a transcript in another language gives no phrase factor; English variants and an unknown language do', () => {
    const spanish: Line[] = [
      [CALLER, 0, 6000, 'Le llamo del IRS. Tiene que pagar hoy con gift cards de Google Play o será arrestado.'],
      [CALLER, 6000, 9000, 'Necesito el código de verificación, el verification code, ahora mismo.'],
    ];
    const withLanguage = (language: string | null) =>
      scoreCall({ transcript: transcript(spanish, language), call: ORDINARY_CALLER, history: null }, config);

    for (const language of ['es', 'es-MX', 'spanish', 'fr']) {
      expect(withLanguage(language)).toEqual({ fraudScore: 0, riskFactors: [], scorerVersion: BUILTIN_SCORER_VERSION });
    }
    for (const language of ['en', 'en-US', 'en_GB', 'english', 'English', null]) {
      expect(codes(withLanguage(language))).toEqual(['otp_request', 'gift_card_payment', 'government_impersonation']);
    }
    // Caller factors are still judged on a non-English call.
    const anonymous = scoreCall({ transcript: transcript(spanish, 'es'), call: { ...ORDINARY_CALLER, from: 'anonymous' }, history: null }, config);
    expect(codes(anonymous)).toEqual(['caller_withheld']);
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
        evidence: [attribute('history.callsFromSameNumber', 6), attribute('history.distinctAgentsCalled', 4), attribute('history.windowMinutes', 30)],
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
        evidence: [attribute('history.shortCallsFromSameNumber', 5), attribute('history.windowMinutes', 30), attribute('thresholds.shortCallSeconds', 10)],
      },
    ]);
  });

  it('below the thresholds: nothing', () => {
    expect(withHistory({ callsFromSameNumber: 4, distinctAgentsCalled: 4, distinctWorkspacesCalled: 4, shortCallsFromSameNumber: 4 }).riskFactors).toEqual([]);
    expect(withHistory({ callsFromSameNumber: 12, distinctAgentsCalled: 2, distinctWorkspacesCalled: 1, shortCallsFromSameNumber: 0 }).riskFactors).toEqual([]);
  });

  it('every signal together: each factor raises the score, never past 1', () => {
    const everything: ScoringInput = {
      transcript: transcript([...BANK_OTP_SCAM, ...IRS_GIFT_CARD_THREAT, ...TECH_SUPPORT_SCAM, ...CRYPTO_WIRE_SCAM]),
      call: { ...ORDINARY_CALLER, from: '+19005550111', stirVerstat: 'TN-Validation-Failed' },
      history: history({ callsFromSameNumber: 9, distinctAgentsCalled: 6, distinctWorkspacesCalled: 3, shortCallsFromSameNumber: 7 }),
    };
    const result = scoreCall(everything, config);
    expect(result.riskFactors).toHaveLength(16);
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
    // Four factors tie at 0.3: alphabetical among themselves.
    expect(first.riskFactors.map((f) => [f.code, f.weight])).toEqual([
      ['remote_access', 0.5],
      ['bank_impersonation', 0.3],
      ['stir_shaken_failed', 0.3],
      ['tech_support_impersonation', 0.3],
      ['urgency_or_threat', 0.3],
    ]);
  });

  it('the order of categories in the configuration does not change the result', () => {
    const reversed = validateScoringConfiguration({
      ...structuredClone(defaultConfigurationJson),
      phraseCategories: [...structuredClone(defaultConfigurationJson).phraseCategories].reverse(),
    });
    for (const lines of [BANK_OTP_SCAM, IRS_GIFT_CARD_THREAT, TECH_SUPPORT_SCAM, CRYPTO_WIRE_SCAM]) {
      expect(scoreCall(input(lines), reversed)).toEqual(scoreCall(input(lines), config));
    }
  });

  it('does not touch its input or configuration', () => {
    const call = input(IRS_GIFT_CARD_THREAT, {}, { windowMinutes: 30, callsFromSameNumber: 6, distinctAgentsCalled: 4, distinctWorkspacesCalled: 1, shortCallsFromSameNumber: 0 });
    const before = structuredClone(call);
    scoreCall(call, config);
    expect(call).toEqual(before);
    expect(Object.isFrozen(DEFAULT_SCORING_CONFIGURATION.phraseCategories[0].phrases)).toBe(true);
  });
});

describe('scoring configuration versions', () => {
  const json = () => structuredClone(defaultConfigurationJson) as unknown as ScoringConfiguration;

  it('a new version changes new scores and leaves results computed with the old one as they were', () => {
    const version1 = DEFAULT_SCORING_CONFIGURATION;
    const stored = JSON.parse(JSON.stringify(scoreCall(input(IRS_GIFT_CARD_THREAT), version1))) as ScoreResult;
    const storedCopy = structuredClone(stored);

    // Version 2: gift cards weigh more, and Steam wallet codes are a new gift-card phrase.
    const draft = json();
    const giftCards = draft.phraseCategories.find((c) => c.code === 'gift_card_payment')!;
    giftCards.weight = 0.9;
    giftCards.phrases.push('steam wallet code');
    const version2 = validateScoringConfiguration(draft);

    const rescored = scoreCall(input(IRS_GIFT_CARD_THREAT), version2);
    expect(factor(rescored, 'gift_card_payment').weight).toBe(0.9);
    expect(rescored.fraudScore).toBeGreaterThan(stored.fraudScore);
    expect(rescored.fraudScore).toBeCloseTo(combine([0.9, 0.35, 0.3]), 4);

    const steam: Line[] = [[CALLER, 0, 4000, 'Buy a Steam wallet code and send me a photo.']];
    expect(scoreCall(input(steam), version1).riskFactors).toEqual([]);
    expect(scoreCall(input(steam), version2).riskFactors).toEqual([
      { code: 'gift_card_payment', weight: 0.9, evidence: [{ kind: 'phrase', phrase: 'steam wallet code', text: steam[0][3], speaker: CALLER, startMs: 0, endMs: 4000 }] },
    ]);

    // The result computed with version 1 is untouched, and version 1 still gives it.
    expect(stored).toEqual(storedCopy);
    expect(scoreCall(input(IRS_GIFT_CARD_THREAT), version1)).toEqual(stored);
    expect(DEFAULT_SCORING_CONFIGURATION.phraseCategories.find((c) => c.code === 'gift_card_payment')!.weight).toBe(0.55);
  });
});

describe('the default scoring configuration', () => {
  it('has the twelve English phrase categories, lowercase, 8 to 25 phrases each, and every attribute weight', () => {
    expect(DEFAULT_SCORING_CONFIGURATION.phraseCategories.map((c) => c.code)).toEqual([
      'otp_request',
      'password_request',
      'card_or_account_request',
      'ssn_request',
      'gift_card_payment',
      'wire_transfer_payment',
      'crypto_payment',
      'remote_access',
      'urgency_or_threat',
      'bank_impersonation',
      'government_impersonation',
      'tech_support_impersonation',
    ]);
    for (const category of DEFAULT_SCORING_CONFIGURATION.phraseCategories) {
      expect(category.phrases.length).toBeGreaterThanOrEqual(8);
      expect(category.phrases.length).toBeLessThanOrEqual(25);
      for (const phrase of category.phrases) expect(normalizeForMatching(phrase).text).toBe(phrase);
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
    // Every premium prefix is documented in the JSON's _about.
    const documented = Object.keys(defaultConfigurationJson._about.premiumPrefixes);
    for (const prefix of DEFAULT_SCORING_CONFIGURATION.premiumPrefixes) expect(documented).toContain(prefix);
    expect(DEFAULT_SCORING_CONFIGURATION).not.toHaveProperty('_about');
  });
});

describe('validateScoringConfiguration', () => {
  const valid = () => structuredClone(defaultConfigurationJson) as unknown as Record<string, any>;
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
    const result = validateScoringConfiguration(valid());
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
    expect(pathOf((c) => (c.phraseCategories[2].weight = -0.1))).toBe('phraseCategories[2].weight');
    expect(pathOf((c) => (c.phraseCategories[1].weight = Number.NaN))).toBe('phraseCategories[1].weight');
    expect(pathOf((c) => (c.phraseCategories[1].code = ''))).toBe('phraseCategories[1].code');
    expect(pathOf((c) => (c.phraseCategories[1].code = 'Bad Code'))).toBe('phraseCategories[1].code');
    expect(pathOf((c) => (c.phraseCategories[3].code = 'otp_request'))).toBe('phraseCategories[3].code');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[3] = ''))).toBe('phraseCategories[0].phrases[3]');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[4] = ' -- '))).toBe('phraseCategories[0].phrases[4]');
    expect(pathOf((c) => (c.phraseCategories[0].phrases[5] = 42))).toBe('phraseCategories[0].phrases[5]');
    expect(pathOf((c) => (c.phraseCategories[4].phrases[1] = 'x'.repeat(201)))).toBe('phraseCategories[4].phrases[1]');
    expect(pathOf((c) => c.phraseCategories[4].phrases.push('Gift-Card'))).toBe(`phraseCategories[4].phrases[${valid().phraseCategories[4].phrases.length}]`);
    expect(pathOf((c) => (c.phraseCategories[5].phrases = Array.from({ length: 501 }, (_, i) => `phrase ${i}`)))).toBe('phraseCategories[5].phrases');
    expect(pathOf((c) => (c.phraseCategories[5].phrases = []))).toBe('phraseCategories[5].phrases');
    expect(pathOf((c) => (c.phraseCategories[6].weigth = 0.2))).toBe('phraseCategories[6].weigth');
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

  it('allows documentation keys starting with _ and drops them', () => {
    const draft = valid();
    draft.phraseCategories[0]._note = 'reviewed by the fraud team';
    draft.attributeWeights._note = 'tuned in March';
    const result = validateScoringConfiguration(draft);
    expect(result.phraseCategories[0]).not.toHaveProperty('_note');
    expect(result.attributeWeights).not.toHaveProperty('_note');
  });
});
