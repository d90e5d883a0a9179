import { Body } from '@nestjs/common';
import { domainNotClaimed } from '@domain/tenancy/errors';
import type { DomainClaimView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { ClaimDomainCommand } from '../commands/claim-domain/claim-domain.command';
import { ReleaseDomainCommand } from '../commands/release-domain/release-domain.command';
import { DomainVerificationService } from '../domain-verification.service';
import { GetDomainClaimQuery } from '../queries/get-domain-claim/get-domain-claim.query';
import { ClaimDomainDto, DomainClaimDto } from './domain-claims.dto';

/**
 * The organization's email domain. New users whose address there is verified join as members,
 * but only once the organization has proven it controls the domain: a DNS TXT record at
 * `_switchboard.<domain>` holding the value given here, checked by `POST .../domain/verify` and
 * re-checked every hour.
 */
@OrganizationApi('organizations', 'v1/organizations/:orgId/domain')
export class OrganizationDomainController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly verification: DomainVerificationService,
  ) {}

  @ReadRoute({
    permission: 'organizations:read',
    summary: "The organization's email domain claim, its status and the TXT record that proves it",
    ok: DomainClaimDto,
    problems: { 404: ['organization.domain_not_claimed'] },
  })
  get(@OrgAccess() access: OrganizationAccess): Promise<DomainClaimView> {
    return this.view(access.organizationId);
  }

  @WriteRoute({
    method: 'PUT',
    permission: 'organizations:write',
    summary: 'Claim an email domain (pending until verified); answers the TXT record to publish. The same domain again changes nothing',
    ok: DomainClaimDto,
    problems: { 409: ['organization.domain_taken'], 422: ['organization.invalid_domain', 'organization.public_email_domain'] },
  })
  async claim(@OrgAccess() access: OrganizationAccess, @Body() body: ClaimDomainDto): Promise<DomainClaimView> {
    await this.commands.execute(new ClaimDomainCommand({ organizationId: access.organizationId, domain: body.domain }));
    return this.view(access.organizationId);
  }

  @WriteRoute({
    method: 'POST',
    path: 'verify',
    permission: 'organizations:write',
    summary: "Look the domain's TXT record up now and verify the claim",
    ok: DomainClaimDto,
    problems: {
      404: ['organization.domain_not_claimed'],
      409: ['organization.domain_taken'],
      422: ['organization.domain_not_verified'],
      502: ['organization.dns_unavailable'],
    },
  })
  async verify(@OrgAccess() access: OrganizationAccess): Promise<DomainClaimView> {
    await this.verification.verify(access.organizationId);
    return this.view(access.organizationId);
  }

  @DeleteRoute({
    permission: 'organizations:write',
    summary: 'Give the domain up: it captures nobody any more',
    problems: { 404: ['organization.domain_not_claimed'] },
  })
  async release(@OrgAccess() access: OrganizationAccess): Promise<void> {
    await this.commands.execute(new ReleaseDomainCommand({ organizationId: access.organizationId }));
  }

  private async view(organizationId: string): Promise<DomainClaimView> {
    return orElseThrow(await this.queries.execute(new GetDomainClaimQuery({ organizationId })), domainNotClaimed);
  }
}
