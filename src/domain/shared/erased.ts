/** What erased personal data reads as, wherever it was: a redacted field, a shredded audit value. */
export const ERASED = '[erased]';
