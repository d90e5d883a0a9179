import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import { DomainError } from '../shared/domain-error';

/**
 * An organization's rules for outbound dialling (its settings, as telephony reads them).
 * Toll fraud runs on premium and far-away numbers dialled in bulk: each rule closes one of those.
 */
export interface DialingPolicy {
  /** ISO 3166 alpha-2 codes; null: the countries of the organization's own numbers. */
  allowedCountries: readonly string[] | null;
  /** E.164 prefixes never dialled. */
  blockedPrefixes: readonly string[];
  /** libphonenumber number types in snake case (`premium_rate`). */
  blockedNumberTypes: readonly string[];
  dailyCallsPerAgent: number;
  dailyCallsPerWorkspace: number;
}

export type DialRefusalReason =
  'blocked_prefix' | 'blocked_number_type' | 'country_not_allowed' | 'agent_daily_cap' | 'workspace_daily_cap';

export interface DialRefusal {
  reason: DialRefusalReason;
  /** The problem code a client sees. */
  code: 'telephony.destination_not_allowed' | 'telephony.premium_destination' | 'telephony.daily_dial_cap_reached';
  /** Shown to an API client and spoken to a softphone user: says why, never how to get around it. */
  message: string;
  details: Record<string, string | number | null>;
}

export const DESTINATION_REFUSED_MESSAGE = 'This number cannot be dialled from this account.';
export const DAILY_CAP_MESSAGE = 'The daily limit of outbound calls has been reached. Please try again tomorrow.';

/** `FIXED_LINE_OR_MOBILE` → `fixed_line_or_mobile`; null when the metadata cannot tell. */
export function numberTypeOf(e164: string): string | null {
  const type: NumberType = parsePhoneNumberFromString(e164)?.getType();
  return type ? type.toLowerCase() : null;
}

/** The ISO country of a number; null for non-geographic ones (satellite, international services). */
export function countryOf(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/**
 * Whether a valid E.164 destination may be dialled. The most specific rule speaks first: an
 * explicit prefix, then the number's type, then its country. `ownNumbers` (the organization's
 * numbers) stand for the allowed countries when the policy names none.
 */
export function checkDestination(policy: DialingPolicy, destination: string, ownNumbers: readonly string[]): DialRefusal | null {
  const prefix = policy.blockedPrefixes.find((p) => destination.startsWith(p));
  if (prefix) return refusedDestination('blocked_prefix', { destination, prefix });
  const numberType = numberTypeOf(destination);
  if (numberType && policy.blockedNumberTypes.includes(numberType)) {
    return {
      reason: 'blocked_number_type',
      code: 'telephony.premium_destination',
      message: DESTINATION_REFUSED_MESSAGE,
      details: { destination, numberType },
    };
  }
  const country = countryOf(destination);
  const allowed = policy.allowedCountries ?? ownNumbers.map(countryOf);
  // A number with no country (satellite, global services) is never "domestic".
  if (country === null || !allowed.includes(country)) return refusedDestination('country_not_allowed', { destination, country });
  return null;
}

/** Outbound calls already started today, the one being dialled not included. */
export interface DialCounts {
  agent: number;
  workspace: number;
}

export function checkDailyCaps(policy: DialingPolicy, counts: DialCounts): DialRefusal | null {
  if (counts.agent >= policy.dailyCallsPerAgent) return capReached('agent_daily_cap', 'agent', policy.dailyCallsPerAgent);
  if (counts.workspace >= policy.dailyCallsPerWorkspace)
    return capReached('workspace_daily_cap', 'workspace', policy.dailyCallsPerWorkspace);
  return null;
}

/** Caps count from midnight UTC, the same instant for every workspace of every timezone. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function dialRefusedError(refusal: DialRefusal): DomainError {
  return new DomainError(refusal.code, refusal.message, 'forbidden', { reason: refusal.reason, ...refusal.details });
}

function refusedDestination(reason: 'blocked_prefix' | 'country_not_allowed', details: DialRefusal['details']): DialRefusal {
  return { reason, code: 'telephony.destination_not_allowed', message: DESTINATION_REFUSED_MESSAGE, details };
}

function capReached(reason: 'agent_daily_cap' | 'workspace_daily_cap', scope: 'agent' | 'workspace', limit: number): DialRefusal {
  return { reason, code: 'telephony.daily_dial_cap_reached', message: DAILY_CAP_MESSAGE, details: { scope, limit } };
}
