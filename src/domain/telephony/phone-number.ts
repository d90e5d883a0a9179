import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { invalidPhoneNumber } from './errors';

/** Validates and normalises to E.164 (`+14155550100`); anything not a dialable number is refused. */
export function toE164(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('+')) throw invalidPhoneNumber(value);
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed || !parsed.isValid()) throw invalidPhoneNumber(value);
  return parsed.number;
}

/** The same, without throwing: null for withheld, malformed or client identities. */
export function tryE164(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    return toE164(value);
  } catch {
    return null;
  }
}
