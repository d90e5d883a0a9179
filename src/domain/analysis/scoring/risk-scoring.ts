/**
 * The vocabulary of fraud scoring, shared by the built-in scorer and any other: what a
 * scorer is given, what it must answer, and the versioned configuration it runs with.
 */

export interface TranscriptSegmentInput {
  /**
   * Who spoke: a role (`caller`, `agent`, `agent:<user id>`, `unknown`) or a channel of a
   * dual-channel recording (`channel:1`, `channel:2`), read with the call's direction.
   */
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

export interface ScoringInput {
  transcript: { text: string; segments: TranscriptSegmentInput[]; language: string | null } | null;
  call: {
    direction: 'inbound' | 'outbound' | null;
    /** The caller as Twilio gave it: may be withheld ('anonymous', 'restricted', empty) or malformed. */
    from: string | null;
    to: string | null;
    /** Twilio's StirVerstat, e.g. TN-Validation-Passed-A, TN-Validation-Failed, No-TN-Validation. */
    stirVerstat: string | null;
    durationSeconds: number | null;
    /** The organization's home country, ISO 3166 alpha-2, to tell unexpected international prefixes. */
    homeCountry: string | null;
  } | null;
  /** What the organization saw from the same number recently (computed by the caller from call history). */
  history: {
    windowMinutes: number;
    callsFromSameNumber: number;
    distinctAgentsCalled: number;
    distinctWorkspacesCalled: number;
    shortCallsFromSameNumber: number;
  } | null;
}

export type Evidence =
  | { kind: 'phrase'; phrase: string; text: string; speaker: string | null; startMs: number | null; endMs: number | null }
  | { kind: 'attribute'; attribute: string; value: string | number | null };

export interface RiskFactor {
  /** Stable code, e.g. `otp_request`, `gift_card_payment`, `stir_shaken_failed`. */
  code: string;
  /**
   * This factor's contribution, after weighting (0..1). Negative for a reassurance (a dampener):
   * the other factors were scaled by `1 - |weight|` (never a caller's request for a secret, a
   * payment or remote access).
   */
  weight: number;
  evidence: Evidence[];
}

export interface ScoreResult {
  /** 0..1 */
  fraudScore: number;
  riskFactors: RiskFactor[];
  /** Names every scorer that contributed (`builtin-2.0.0`, or `builtin-2.0.0+model:<name>`). */
  scorerVersion: string;
  /** What the scorer could not do, or how it read the call (language, speakers); no score contribution. */
  notes?: string[];
}

/** One phrase category: the phrases that signal it, and how much it weighs. */
export interface PhraseCategory {
  code: string;
  weight: number;
  phrases: string[];
}

/** An organization's scoring configuration: a new version is a new row; old ones are never rewritten. */
export interface ScoringConfiguration {
  /** The organization's own phrases (any language), matched beside the rules; empty by default. */
  phraseCategories: PhraseCategory[];
  /**
   * Weight of each rule of the built-in rule engine, by code (see rule-catalog.ts); 0 switches a
   * rule off. Versions saved before the rule engine have none: the defaults apply.
   */
  ruleWeights?: Record<string, number>;
  /** Weights of the call-attribute and history factors, by code. */
  attributeWeights: Record<string, number>;
  thresholds: {
    /** Short call, in seconds. */
    shortCallSeconds: number;
    /** Calls from one number in the window before it counts as a burst. */
    burstCalls: number;
    /** Distinct agents or workspaces one number reached in the window. */
    burstDistinctTargets: number;
  };
  /** Calling codes (digits after +) that are premium-rate or high-risk. */
  premiumPrefixes: string[];
}
