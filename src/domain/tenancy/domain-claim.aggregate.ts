import { randomBytes } from 'node:crypto';
import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { DomainClaimed, DomainReleased, DomainUnverified, DomainVerified } from './events/tenancy.events';
import { isPublicEmailDomain, normalizeDomain } from './email-domain';
import { publicEmailDomain } from './errors';

export const DOMAIN_CLAIM_STATUSES = ['pending', 'verified'] as const;
export type DomainClaimStatus = (typeof DOMAIN_CLAIM_STATUSES)[number];

/** Where the organization publishes its proof: a TXT record at `_switchboard.<domain>`. */
export const VERIFICATION_RECORD_PREFIX = '_switchboard.';
const VERIFICATION_VALUE_PREFIX = 'switchboard-domain-verification=';

export interface DomainClaimState {
  organizationId: string;
  domain: string;
  /** Random, issued with the claim; the TXT record must hold it. */
  token: string;
  status: DomainClaimStatus;
  claimedAt: Date;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
}

/**
 * An organization's claim on an email domain. Users whose verified address is at the domain
 * join the organization, so a claim captures nobody until the organization proves it controls
 * the domain's DNS: a TXT record `_switchboard.<domain>` holding the claim's own value. Several
 * organizations may claim a domain; one at most holds it verified (the repository's rule). A
 * verified claim whose record disappears goes back to pending.
 */
export class DomainClaim extends StatefulAggregate<DomainClaimState> {
  private released = false;

  /** Refuses invalid domains and public email providers (gmail.com...). */
  static claim(input: { organizationId: string; domain: string; now: Date; token?: string }): DomainClaim {
    const domain = normalizeDomain(input.domain);
    if (domain === null) throw new InvalidError('organization.invalid_domain', 'A domain is required');
    if (isPublicEmailDomain(domain)) throw publicEmailDomain(domain);
    const claim = new DomainClaim({
      organizationId: input.organizationId,
      domain,
      token: input.token ?? randomBytes(16).toString('hex'),
      status: 'pending',
      claimedAt: input.now,
      verifiedAt: null,
      lastCheckedAt: null,
    });
    claim.record(new DomainClaimed(claim.organizationId, claim.organizationId, { domain }, { after: { domain, status: 'pending' } }));
    return claim;
  }

  static restore(state: DomainClaimState): DomainClaim {
    return new DomainClaim({ ...state });
  }

  get organizationId(): string {
    return this.state.organizationId;
  }
  get domain(): string {
    return this.state.domain;
  }
  get token(): string {
    return this.state.token;
  }
  get status(): DomainClaimStatus {
    return this.state.status;
  }
  get isVerified(): boolean {
    return this.state.status === 'verified';
  }
  get isReleased(): boolean {
    return this.released;
  }
  /** The DNS name to publish the TXT record at. */
  get recordName(): string {
    return recordNameFor(this.state.domain);
  }
  /** The TXT record's value. */
  get recordValue(): string {
    return recordValueFor(this.state.token);
  }

  /** Whether one of the TXT records found at {@link recordName} is this claim's. */
  isProvenBy(txtRecords: readonly string[]): boolean {
    return txtRecords.some((r) => r.trim() === this.recordValue);
  }

  /** The record was found. Verifies a pending claim; for a verified one, only notes the check. */
  verify(now: Date): void {
    this.state.lastCheckedAt = now;
    if (this.state.status === 'verified') return;
    this.state.status = 'verified';
    this.state.verifiedAt = now;
    this.record(
      new DomainVerified(
        this.organizationId,
        this.organizationId,
        { domain: this.domain },
        { before: { status: 'pending' }, after: { domain: this.domain, status: 'verified' } },
      ),
    );
  }

  /** The record is gone: back to pending, capturing nobody. */
  unverify(now: Date, reason: string): void {
    this.state.lastCheckedAt = now;
    if (this.state.status !== 'verified') return;
    this.state.status = 'pending';
    this.state.verifiedAt = null;
    this.record(
      new DomainUnverified(
        this.organizationId,
        this.organizationId,
        { domain: this.domain, reason },
        { before: { status: 'verified' }, after: { status: 'pending', reason } },
      ),
    );
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.record(
      new DomainReleased(
        this.organizationId,
        this.organizationId,
        { domain: this.domain },
        { before: { domain: this.domain, status: this.state.status } },
      ),
    );
  }
}

export function recordNameFor(domain: string): string {
  return `${VERIFICATION_RECORD_PREFIX}${domain}`;
}

export function recordValueFor(token: string): string {
  return `${VERIFICATION_VALUE_PREFIX}${token}`;
}
