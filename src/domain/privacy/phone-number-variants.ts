import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A number as erasure takes it: any spelling a person gives, read as E.164 (no country assumed: a leading + is required). */
export function erasableE164(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/**
 * Every spelling under which the number may sit in text: E.164, digits only, the national number
 * and the national and international formats. Longest first, so replacing them in order never
 * leaves part of a longer spelling behind.
 */
export function phoneNumberVariants(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const variants = new Set([
    parsed.number,
    parsed.number.slice(1),
    parsed.formatInternational(),
    parsed.formatNational(),
    parsed.format('RFC3966').replace(/^tel:/, ''),
  ]);
  // The bare national number alone is short enough to appear inside unrelated digits; only long ones are searched.
  if (parsed.nationalNumber.length >= 9) variants.add(parsed.nationalNumber);
  return [...variants].sort((a, b) => b.length - a.length);
}

/** What people read instead of the number once it is erased: the country code and the last two digits. */
export function maskedPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const head = parsed ? `+${parsed.countryCallingCode}` : e164.slice(0, 2);
  return `${head}${'*'.repeat(Math.max(0, e164.length - head.length - 2))}${e164.slice(-2)}`;
}
