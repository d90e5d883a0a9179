import { ERASED } from '../shared/erased';
import type { AuditEntry } from './audit-entry';
import type { PersonalDataVault } from './ports/personal-data-vault.port';

/**
 * Whose personal data a value is. Erasure names subjects, and destroys their keys:
 * a phone number, an email address, a user (their IP and browser), or one resource's free text.
 */
export const PersonalSubject = {
  phone: (e164: string) => `phone:${e164}`,
  email: (address: string) => `email:${address.toLowerCase()}`,
  user: (userId: string) => `user:${userId}`,
  resource: (type: string, id: string) => `resource:${type}:${id}`,
};

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Keys whose values are free text people wrote or said: they may name anyone, so they belong to their resource. */
const FREE_TEXT_KEYS = new Set(['notes', 'note', 'comment', 'evidence', 'quote', 'text', 'transcript', 'summary']);

/**
 * The subject of one value of an audit row's changes, or null for values that are not personal
 * (statuses, ids, counts). Decided by the value's shape, not by which event wrote it, so a new
 * event with a phone number in it is sealed without anyone remembering to say so.
 */
function subjectOf(key: string, value: string, entry: AuditEntry): string | null {
  if (E164.test(value)) return PersonalSubject.phone(value);
  if (EMAIL.test(value)) return PersonalSubject.email(value);
  if (FREE_TEXT_KEYS.has(key) && value.length > 0) return PersonalSubject.resource(entry.resourceType, entry.resourceId);
  return null;
}

type Visit = (key: string, value: string) => string;

function mapStrings(value: unknown, key: string, visit: Visit): unknown {
  if (typeof value === 'string') return visit(key, value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, key, visit));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, k, visit)]));
  }
  return value;
}

/**
 * The row as it is stored: every personal value replaced by its envelope under its subject's key.
 * A user's IP address and user agent belong to that user; an integration's or the system's are
 * not personal and stay clear.
 */
export async function sealPersonalData(entry: AuditEntry, vault: PersonalDataVault): Promise<AuditEntry> {
  const pending: { subject: string; value: string }[] = [];
  const mark: Visit = (key, value) => {
    const subject = subjectOf(key, value, entry);
    if (subject === null) return value;
    pending.push({ subject, value });
    return PLACEHOLDER(pending.length - 1);
  };
  const changes = mapStrings(entry.changes, '', mark) as AuditEntry['changes'];
  const userSubject = entry.actorType === 'user' && entry.actorId ? PersonalSubject.user(entry.actorId) : null;
  const ip = entry.ip !== null && userSubject ? markWith(pending, userSubject, entry.ip) : entry.ip;
  const userAgent = entry.userAgent !== null && userSubject ? markWith(pending, userSubject, entry.userAgent) : entry.userAgent;
  if (pending.length === 0) return entry;

  const envelopes = await vault.seal(entry.organizationId, pending);
  const fill: Visit = (_key, value) => {
    const index = placeholderIndex(value);
    return index === null ? value : envelopes[index]!;
  };
  return {
    ...entry,
    changes: mapStrings(changes, '', fill) as AuditEntry['changes'],
    ip: ip === null ? null : fill('', ip),
    userAgent: userAgent === null ? null : fill('', userAgent),
  };
}

/** Rows as people read them: envelopes opened, or `[erased]` where the subject's key is gone. */
export async function openPersonalData<T extends AuditEntry>(entries: T[], vault: PersonalDataVault): Promise<T[]> {
  const byOrganization = new Map<string, Set<string>>();
  for (const entry of entries) {
    const envelopes = byOrganization.get(entry.organizationId) ?? new Set<string>();
    mapStrings([entry.changes, entry.ip, entry.userAgent], '', (_key, value) => {
      if (vault.isEnvelope(value)) envelopes.add(value);
      return value;
    });
    if (envelopes.size > 0) byOrganization.set(entry.organizationId, envelopes);
  }
  if (byOrganization.size === 0) return entries;

  const opened = new Map<string, string>();
  for (const [organizationId, envelopes] of byOrganization) {
    const list = [...envelopes];
    const values = await vault.open(organizationId, list);
    list.forEach((envelope, i) => opened.set(envelope, values[i] ?? ERASED));
  }
  const reveal: Visit = (_key, value) => opened.get(value) ?? value;
  return entries.map((entry) => ({
    ...entry,
    changes: mapStrings(entry.changes, '', reveal) as AuditEntry['changes'],
    ip: entry.ip === null ? null : reveal('', entry.ip),
    userAgent: entry.userAgent === null ? null : reveal('', entry.userAgent),
  }));
}

// Placeholders stand where an envelope will go while the vault seals the batch in one round trip.
const PLACEHOLDER = (index: number) => `\u0000sealing:${index}`;
function placeholderIndex(value: string): number | null {
  return value.startsWith('\u0000sealing:') ? Number(value.slice('\u0000sealing:'.length)) : null;
}
function markWith(pending: { subject: string; value: string }[], subject: string, value: string): string {
  pending.push({ subject, value });
  return PLACEHOLDER(pending.length - 1);
}
