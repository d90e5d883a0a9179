import type { AuditEntry } from './audit-entry';
import { ERASED } from '../shared/erased';
import { openPersonalData, PersonalSubject, sealPersonalData } from './personal-data';
import { PersonalDataVault } from './ports/personal-data-vault.port';

/** Keeps values in memory under `v:<n>`; shredding a subject forgets its values. */
class InMemoryVault extends PersonalDataVault {
  readonly sealed: { subject: string; value: string }[] = [];
  private readonly shredded = new Set<string>();

  async seal(_org: string, values: readonly { subject: string; value: string }[]): Promise<string[]> {
    return values.map((v) => `v:${this.sealed.push({ ...v }) - 1}`);
  }
  async open(_org: string, envelopes: readonly string[]): Promise<(string | null)[]> {
    return envelopes.map((e) => {
      const v = this.sealed[Number(e.slice(2))]!;
      return this.shredded.has(v.subject) ? null : v.value;
    });
  }
  async shred(_org: string, subjects: readonly string[]): Promise<number> {
    subjects.forEach((s) => this.shredded.add(s));
    return subjects.length;
  }
  isEnvelope(value: string): boolean {
    return /^v:\d+$/.test(value);
  }
}

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1',
  organizationId: 'org',
  eventId: 'e1',
  occurredAt: new Date('2026-11-29T10:00:00Z'),
  actorType: 'user',
  actorId: 'u1',
  action: 'call.started',
  resourceType: 'call',
  resourceId: 'c1',
  changes: {},
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0',
  requestId: 'r1',
  ...over,
});

describe('personal data in audit rows', () => {
  it('stores phone numbers, emails, free text and a user’s IP sealed, each under its subject, and leaves the rest clear', async () => {
    const vault = new InMemoryVault();
    const stored = await sealPersonalData(
      entry({
        changes: {
          after: { status: 'ringing', from: '+15551230001', to: '+15551230002', email: 'Ana@Example.com', notes: 'called about card 4242' },
          before: { factors: [{ code: 'urgency', evidence: 'right now' }] },
        },
      }),
      vault,
    );
    const text = JSON.stringify(stored);
    for (const clear of ['+15551230001', '+15551230002', 'Ana@Example.com', 'card 4242', 'right now', '203.0.113.9', 'Mozilla'])
      expect(text).not.toContain(clear);
    expect(stored.changes.after).toMatchObject({ status: 'ringing' });
    expect(stored.requestId).toBe('r1');
    expect(vault.sealed.map((s) => s.subject).sort()).toEqual(
      [
        PersonalSubject.phone('+15551230001'),
        PersonalSubject.phone('+15551230002'),
        PersonalSubject.email('ana@example.com'),
        PersonalSubject.resource('call', 'c1'),
        PersonalSubject.resource('call', 'c1'),
        PersonalSubject.user('u1'),
        PersonalSubject.user('u1'),
      ].sort(),
    );
  });

  it('keeps an integration’s IP clear: it is not a person’s', async () => {
    const stored = await sealPersonalData(entry({ actorType: 'api_key', actorId: 'k1' }), new InMemoryVault());
    expect(stored.ip).toBe('203.0.113.9');
  });

  it('reads sealed values back, and [erased] once their subject is shredded, leaving other subjects readable', async () => {
    const vault = new InMemoryVault();
    const stored = await sealPersonalData(entry({ changes: { after: { from: '+15551230001', to: '+15551230002' } } }), vault);
    const [before] = await openPersonalData([stored], vault);
    expect(before!.changes.after).toEqual({ from: '+15551230001', to: '+15551230002' });
    await vault.shred('org', [PersonalSubject.phone('+15551230001')]);
    const [after] = await openPersonalData([stored], vault);
    expect(after!.changes.after).toEqual({ from: ERASED, to: '+15551230002' });
    expect(after!.ip).toBe('203.0.113.9');
  });

  it('leaves a row without personal data exactly as it was', async () => {
    const row = entry({ actorType: 'system', actorId: null, ip: null, userAgent: null, changes: { after: { status: 'completed' } } });
    expect(await sealPersonalData(row, new InMemoryVault())).toBe(row);
  });
});
