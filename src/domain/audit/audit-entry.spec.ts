import { auditEntryFromEvent, chainHash, GENESIS_HASH, scrubSecrets, verifyChain, type AuditEntry, type SealedLink } from './audit-entry';
import { DomainEvent } from '../shared/domain-event';

class Thing extends DomainEvent {
  static readonly type = 'thing.changed';
  override readonly resourceType = 'thing';
}

function entry(i: number): AuditEntry {
  return auditEntryFromEvent(`00000000-0000-7000-8000-00000000000${i}`, new Thing('org', `t${i}`, {}, { after: { n: i } }), {
    actor: { type: 'system', id: null },
    ip: null,
    userAgent: null,
    requestId: null,
  });
}

function chain(n: number): SealedLink[] {
  let previous = GENESIS_HASH;
  return Array.from({ length: n }, (_, k) => {
    const e = entry(k + 1);
    const hash = chainHash(previous, k + 1, e);
    const link = { sequence: k + 1, previousHash: previous, hash, entry: e, auditLogId: e.id };
    previous = hash;
    return link;
  });
}

describe('audit hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, checked: 5 });
  });

  it('names an edited row', () => {
    const links = chain(5);
    links[2]!.entry = { ...links[2]!.entry!, changes: { after: { n: 99 } } };
    expect(verifyChain(links)).toMatchObject({ valid: false, brokenAt: { sequence: 3, reason: 'audit row was altered' } });
  });

  it('names a deleted row and a gap', () => {
    const missingRow = chain(4);
    missingRow[1]!.entry = null;
    expect(verifyChain(missingRow)).toMatchObject({ valid: false, brokenAt: { sequence: 2, reason: 'audit row is missing' } });
    const gap = chain(4);
    gap.splice(1, 1);
    expect(verifyChain(gap)).toMatchObject({ valid: false, brokenAt: { sequence: 3, reason: 'sequence 2 is missing' } });
  });

  it('names reordered links', () => {
    const links = chain(4);
    [links[1], links[2]] = [links[2]!, links[1]!];
    expect(verifyChain(links)).toMatchObject({ valid: false, brokenAt: { sequence: 3 } });
  });

  it('keeps secrets out of the changes', () => {
    expect(scrubSecrets({ after: { authToken: 'abc', name: 'x', nested: { apiKeySecret: 's' } } })).toEqual({
      after: { authToken: '[redacted]', name: 'x', nested: { apiKeySecret: '[redacted]' } },
    });
  });
});
