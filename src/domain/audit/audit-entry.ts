import { createHash } from 'node:crypto';
import type { Actor, Origin } from '../shared/actor';
import type { DomainEvent } from '../shared/domain-event';

export interface AuditChanges {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  organizationId: string;
  eventId: string;
  occurredAt: Date;
  actorType: Actor['type'];
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  changes: AuditChanges;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export type AuditOrigin = Origin;

const SECRET_KEY = /(token|secret|password|key_hash|keyhash|apikey$|authorization|credential)/i;

/** Removes anything that looks like a secret from the before/after, however deep. */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrubSecrets(v);
    return out;
  }
  return value;
}

export function auditEntryFromEvent(id: string, event: DomainEvent, origin: AuditOrigin): AuditEntry {
  return {
    id,
    organizationId: event.organizationId,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    actorType: origin.actor.type,
    actorId: origin.actor.id,
    action: event.type,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    changes: scrubSecrets(event.changes) as AuditChanges,
    ip: origin.ip,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
  };
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted at every depth, so the hash does not depend on storage order. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The link of one row in its organization's chain: it covers the row and the link before it. */
export function chainHash(previousHash: string, sequence: number, entry: AuditEntry): string {
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(String(sequence))
    .update('\n')
    .update(canonical({ ...entry, occurredAt: entry.occurredAt.toISOString() }))
    .digest('hex');
}

export interface SealedLink {
  sequence: number;
  previousHash: string;
  hash: string;
  entry: AuditEntry | null;
  auditLogId: string;
}

export type ChainVerdict =
  { valid: true; checked: number } | { valid: false; checked: number; brokenAt: { sequence: number; auditLogId: string; reason: string } };

/**
 * Walks sealed links in sequence order and names the first that does not hold:
 * a missing row (deleted), a changed row (edited), or a link that does not follow its
 * predecessor (reordered or removed from the chain).
 */
export function verifyChain(
  links: Iterable<SealedLink>,
  start: { sequence: number; hash: string } = { sequence: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let expectedSequence = start.sequence + 1;
  let previousHash = start.hash;
  let checked = 0;
  for (const link of links) {
    const broken = (reason: string): ChainVerdict => ({
      valid: false,
      checked,
      brokenAt: { sequence: link.sequence, auditLogId: link.auditLogId, reason },
    });
    if (link.sequence !== expectedSequence) return broken(`sequence ${expectedSequence} is missing`);
    if (link.previousHash !== previousHash) return broken('link does not follow the previous one');
    if (link.entry === null) return broken('audit row is missing');
    if (link.entry.id !== link.auditLogId) return broken('link names another row');
    if (chainHash(previousHash, link.sequence, link.entry) !== link.hash) return broken('audit row was altered');
    previousHash = link.hash;
    expectedSequence += 1;
    checked += 1;
  }
  return { valid: true, checked };
}
