/**
 * What the rule engine can find, and how much it counts depending on who said it.
 *
 * A rule's class decides how the speaker's role weighs it: a request for a one-time code by the
 * caller is the scam itself, the same words from the agent are an identity check; reassurance
 * counts from anyone. The weights themselves belong to the scoring configuration
 * (`ruleWeights`), so an organization can tune or switch off any rule.
 */

export type SpeakerRole = 'caller' | 'agent' | 'unknown';

export type RuleClass =
  /** Asking for a secret that proves who someone is: codes, passwords, card data, SSN. */
  | 'secret'
  /** Asking to pay in a way that cannot be reversed or traced. */
  | 'payment'
  /** Asking to let someone into a computer or phone. */
  | 'access'
  /** Asking the agent to change how an account is reached or protected. */
  | 'account_change'
  /** Asking the listener to hide what is happening, or to lie about it. */
  | 'concealment'
  /** Raises the weight of a request: urgency, threats, promises. */
  | 'amplifier'
  /** Saying one is a bank, an agency, a support desk: weak alone. */
  | 'claim'
  /** Lowers the score: "we will never ask for your code", "call the number on the back of your card". */
  | 'dampener';

export interface RuleDefinition {
  code: string;
  class: RuleClass;
  description: string;
}

/** Every rule the language packs may use, in a stable order. */
export const RULES: readonly RuleDefinition[] = [
  {
    code: 'otp_request',
    class: 'secret',
    description: 'asks for a one-time code, a verification or transfer code sent by text, or the digits of a message',
  },
  {
    code: 'password_request',
    class: 'secret',
    description: 'asks for a password, PIN, online ID, security answer or wallet recovery phrase',
  },
  {
    code: 'card_or_account_request',
    class: 'secret',
    description: 'asks for a card number, its expiry or the code on its back, or bank account and routing numbers',
  },
  { code: 'ssn_request', class: 'secret', description: 'asks for a Social Security, Medicare or national identity number' },
  {
    code: 'gift_card_payment',
    class: 'payment',
    description: 'asks to pay with gift cards or prepaid cards, or to read out or photograph their codes',
  },
  {
    code: 'crypto_payment',
    class: 'payment',
    description: 'asks to pay or move money in cryptocurrency, through a Bitcoin ATM or to a wallet address',
  },
  {
    code: 'wire_transfer_payment',
    class: 'payment',
    description: 'asks to send money by wire, money transfer service or instant payment to a person',
  },
  {
    code: 'cash_courier',
    class: 'payment',
    description: 'asks to hand cash to a courier or someone sent to the house, or to withdraw cash for someone',
  },
  { code: 'safe_account_transfer', class: 'payment', description: 'asks to move money to a "safe", "secure" or "protected" account' },
  {
    code: 'remote_access',
    class: 'access',
    description: 'asks to install remote-control software or to read out the access ID on the screen',
  },
  {
    code: 'contact_change',
    class: 'account_change',
    description: 'asks to change the email, phone number or address on an account, or to add a user',
  },
  { code: 'alerts_off', class: 'account_change', description: 'asks to turn off alerts, notifications or two-step verification' },
  { code: 'limit_raise', class: 'account_change', description: 'asks to raise a transfer, wire, withdrawal or spending limit' },
  { code: 'sim_change', class: 'account_change', description: 'asks to move a phone number to a new SIM or eSIM, or to port it out' },
  { code: 'payroll_change', class: 'account_change', description: 'asks to change where a salary or direct deposit is paid' },
  {
    code: 'verification_bypass',
    class: 'account_change',
    description: 'cannot pass the identity check and asks to skip it or send the code elsewhere',
  },
  {
    code: 'changed_payment_instructions',
    class: 'account_change',
    description: 'says the account to pay into has changed and asks to use the new one',
  },
  {
    code: 'secrecy',
    class: 'concealment',
    description: 'asks not to tell family, the bank or anyone; a gag order; "keep this between us"',
  },
  { code: 'cover_story', class: 'concealment', description: 'tells the listener what to say if the bank or a cashier asks' },
  {
    code: 'warning_dismissed',
    class: 'concealment',
    description: 'explains away a warning ("that message is for other people, I am the bank")',
  },
  { code: 'urgency', class: 'amplifier', description: 'presses for speed: now, within the hour, before it is too late' },
  { code: 'threat', class: 'amplifier', description: 'threatens arrest, a warrant, deportation, suspension, a cut-off, legal action' },
  { code: 'stay_on_line', class: 'amplifier', description: 'insists the listener stays on the phone or does not hang up' },
  {
    code: 'too_good_offer',
    class: 'amplifier',
    description: 'guaranteed returns, a prize that needs a fee first, money sent by mistake to send back',
  },
  {
    code: 'bank_impersonation',
    class: 'claim',
    description: 'says the call is from a bank, its fraud or security team, or a card network',
  },
  {
    code: 'government_impersonation',
    class: 'claim',
    description: 'says the call is from a tax office, Social Security, the police, a court or immigration',
  },
  {
    code: 'tech_support_impersonation',
    class: 'claim',
    description: 'says the call is from Microsoft, Apple, Amazon or another support desk',
  },
  { code: 'reassurance_never_ask', class: 'dampener', description: 'says it will never ask for codes, passwords or unusual payments' },
  {
    code: 'reassurance_callback',
    class: 'dampener',
    description: 'tells the listener to hang up and call the official number (on the card, the bill, the website)',
  },
  {
    code: 'reassurance_official_channel',
    class: 'dampener',
    description: 'sends the listener to a branch, the official app or website, or a letter instead of acting on the call',
  },
  { code: 'scam_report', class: 'dampener', description: 'the caller reports a scam that happened to them' },
];

export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((rule) => rule.code));

const BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleClass(code: string): RuleClass | null {
  return BY_CODE.get(code)?.class ?? null;
}

/**
 * How much of a rule's weight counts, by who said it.
 *
 * - The caller is the party the organization does not know: their requests count in full.
 * - The agent belongs to the organization: asking for a code or the last four of a Social is
 *   how an identity check goes, and changing an email is the agent's job; only payments,
 *   remote access and concealment keep some weight (an insider, or an agent being coached).
 * - Unknown (a mono recording, an upload): both parties are mixed, so requests count less than a
 *   caller's (an agent's identity check reads like a request for a code); claims count little,
 *   since the agent states who they are too.
 */
export const ROLE_FACTORS: Readonly<Record<RuleClass, Readonly<Record<SpeakerRole, number>>>> = {
  secret: { caller: 1, unknown: 0.75, agent: 0.1 },
  payment: { caller: 1, unknown: 0.9, agent: 0.3 },
  access: { caller: 1, unknown: 0.85, agent: 0.2 },
  account_change: { caller: 1, unknown: 0.7, agent: 0.1 },
  concealment: { caller: 1, unknown: 0.9, agent: 0.3 },
  amplifier: { caller: 1, unknown: 0.9, agent: 0.2 },
  claim: { caller: 1, unknown: 0.5, agent: 0 },
  dampener: { caller: 1, unknown: 1, agent: 1 },
};

/** The organization's own phrase categories: matched like rules, weighed by who said them. */
export const CUSTOM_PHRASE_ROLE_FACTORS: Readonly<Record<SpeakerRole, number>> = { caller: 1, unknown: 0.9, agent: 0.3 };

/** Classes whose findings are requests: amplifiers count in full only beside one of these. */
export const REQUEST_CLASSES: ReadonlySet<RuleClass> = new Set(['secret', 'payment', 'access', 'account_change', 'concealment']);

/**
 * Classes a reassurance never excuses when the caller asks for them. An unknown speaker's request
 * may be the agent's identity check: a reassurance in the same call does scale it down.
 */
export const UNEXCUSED_CLASSES: ReadonlySet<RuleClass> = new Set(['secret', 'payment', 'access']);
