import { DomainClaim, recordNameFor } from './domain-claim.aggregate';
import { isPublicEmailDomain, normalizeDomain } from './email-domain';

const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');

describe('DomainClaim', () => {
  it('starts pending, with its own random value to publish at _switchboard.<domain>', () => {
    const a = DomainClaim.claim({ organizationId: 'org-a', domain: ' Acme.COM. ', now });
    const b = DomainClaim.claim({ organizationId: 'org-b', domain: 'acme.com', now });
    expect(a.domain).toBe('acme.com');
    expect(a.status).toBe('pending');
    expect(a.recordName).toBe('_switchboard.acme.com');
    expect(a.recordValue).toMatch(/^switchboard-domain-verification=[0-9a-f]{32}$/);
    expect(a.recordValue).not.toBe(b.recordValue);
    expect(a.pullEvents().map((e) => [e.type, e.payload])).toEqual([['organization.domain_claimed', { domain: 'acme.com' }]]);
  });

  it('refuses invalid domains and public email providers', () => {
    for (const domain of ['not a domain', 'acme', '', '-acme.com']) {
      expect(() => DomainClaim.claim({ organizationId: 'o', domain, now })).toThrow(
        expect.objectContaining({ code: 'organization.invalid_domain' }),
      );
    }
    for (const domain of ['gmail.com', 'GMail.com', 'outlook.com', 'yahoo.co.uk', 'mail.gmail.com']) {
      expect(() => DomainClaim.claim({ organizationId: 'o', domain, now })).toThrow(
        expect.objectContaining({ code: 'organization.public_email_domain' }),
      );
    }
  });

  it('is proven only by a TXT record holding its own value', () => {
    const claim = DomainClaim.claim({ organizationId: 'o', domain: 'acme.com', now, token: 'abc' });
    const other = DomainClaim.claim({ organizationId: 'p', domain: 'acme.com', now, token: 'def' });
    expect(claim.isProvenBy([])).toBe(false);
    expect(claim.isProvenBy(['v=spf1 -all', other.recordValue])).toBe(false);
    expect(claim.isProvenBy(['switchboard-domain-verification=abcd'])).toBe(false);
    expect(claim.isProvenBy(['v=spf1 -all', ` ${claim.recordValue} `])).toBe(true);
  });

  it('verifies once, notes later checks without an event, and goes back to pending when the record is gone', () => {
    const claim = DomainClaim.claim({ organizationId: 'o', domain: 'acme.com', now });
    claim.pullEvents();
    claim.verify(now);
    claim.verify(later);
    expect(claim.snapshot()).toMatchObject({ status: 'verified', verifiedAt: now, lastCheckedAt: later });
    expect(claim.pullEvents().map((e) => [e.type, e.changes])).toEqual([
      ['organization.domain_verified', { before: { status: 'pending' }, after: { domain: 'acme.com', status: 'verified' } }],
    ]);
    claim.unverify(later, 'txt_record_missing');
    claim.unverify(later, 'txt_record_missing');
    expect(claim.snapshot()).toMatchObject({ status: 'pending', verifiedAt: null });
    expect(claim.pullEvents().map((e) => [e.type, e.payload])).toEqual([
      ['organization.domain_unverified', { domain: 'acme.com', reason: 'txt_record_missing' }],
    ]);
  });

  it('is released once', () => {
    const claim = DomainClaim.claim({ organizationId: 'o', domain: 'acme.com', now });
    claim.pullEvents();
    claim.release();
    claim.release();
    expect(claim.isReleased).toBe(true);
    expect(claim.pullEvents().map((e) => e.type)).toEqual(['organization.domain_released']);
  });
});

describe('email domains', () => {
  it('normalises', () => {
    expect(normalizeDomain(' Sub.Acme.COM ')).toBe('sub.acme.com');
    expect(normalizeDomain(null)).toBeNull();
    expect(recordNameFor('acme.com')).toBe('_switchboard.acme.com');
  });

  it('knows the public email providers from the maintained list, and nothing else', () => {
    expect(isPublicEmailDomain('gmail.com')).toBe(true);
    expect(isPublicEmailDomain('hotmail.com')).toBe(true);
    expect(isPublicEmailDomain('acme.com')).toBe(false);
    expect(isPublicEmailDomain('gmail.com.acme.com')).toBe(false);
    expect(isPublicEmailDomain('co.uk')).toBe(false);
  });
});
