import { DomainClaim } from '@domain/tenancy/domain-claim.aggregate';
import { normalizeDomain } from '@domain/tenancy/email-domain';
import { domainTaken } from '@domain/tenancy/errors';
import type { DomainClaimRepository } from '@domain/tenancy/ports/tenancy-repositories.port';

/**
 * Claims `domain` for the organization, replacing another claim it holds; the same domain again
 * changes nothing (its token and status stay). A public email domain is refused, and so is a
 * domain another organization holds verified. Shared by PUT /domain, creation and PATCH.
 */
export async function claimDomain(claims: DomainClaimRepository, organizationId: string, domain: string, now: Date): Promise<DomainClaim> {
  const existing = await claims.find(organizationId);
  if (existing && existing.domain === normalizeDomain(domain)) return existing;
  const claim = DomainClaim.claim({ organizationId, domain, now });
  await claims.lockDomain(claim.domain);
  if (await claims.isVerifiedElsewhere(claim.domain, organizationId)) throw domainTaken(claim.domain);
  if (existing) {
    existing.release();
    await claims.save(existing);
  }
  await claims.save(claim);
  return claim;
}

/** Gives up the organization's claim, if any; answers whether there was one. */
export async function releaseDomain(claims: DomainClaimRepository, organizationId: string): Promise<boolean> {
  const existing = await claims.find(organizationId);
  if (!existing) return false;
  existing.release();
  await claims.save(existing);
  return true;
}
