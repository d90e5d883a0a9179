/**
 * Keys per data subject for the personal values inside audit rows (crypto-shredding): a value is
 * stored sealed under its subject's key, and erasing the subject destroys the key. The sealed
 * text is what the hash chain covers, so the chain still verifies once the key is gone.
 */
export abstract class PersonalDataVault {
  /** Seals each value under its subject's live key (made on first use), in the caller's transaction. */
  abstract seal(organizationId: string, values: readonly { subject: string; value: string }[]): Promise<string[]>;
  /** The clear values of these envelopes, in order; null where the subject's key was destroyed. */
  abstract open(organizationId: string, envelopes: readonly string[]): Promise<(string | null)[]>;
  /** Destroys the live keys of these subjects; answers how many keys it destroyed. */
  abstract shred(organizationId: string, subjects: readonly string[]): Promise<number>;
  /** Whether a stored value is an envelope this vault sealed. */
  abstract isEnvelope(value: string): boolean;
}
