/**
 * Seals secrets for storage. `context` binds a ciphertext to where it belongs (for
 * example a workspace and a field): opened under another context, it does not decrypt.
 */
export abstract class SecretBox {
  abstract seal(plaintext: string, context: string): string;
  /** Throws when the ciphertext was altered or belongs to another context. */
  abstract open(sealed: string, context: string): string;
  /** A keyed, non-reversible fingerprint: tells whether two secrets are equal without storing either. */
  abstract fingerprint(plaintext: string, context: string): string;
}
