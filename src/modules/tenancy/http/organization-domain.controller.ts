import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { domainNotClaimed } from '@domain/tenancy/errors';
import type { DomainClaimView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
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
@ApiTags('organizations')
@ApiBearerAuth('supabase')
@ApiSecurity('apiKey')
@Controller('v1/organizations/:orgId/domain')
export class OrganizationDomainController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly verification: DomainVerificationService,
  ) {}

  @Get()
  @RequirePermission('organizations:read')
  @ApiOperation({ summary: "The organization's email domain claim, its status and the TXT record that proves it" })
  @ApiOkResponse({ type: DomainClaimDto })
  @ApiProblems({ 404: ['organization.domain_not_claimed'] })
  get(@OrgAccess() access: OrganizationAccess): Promise<DomainClaimView> {
    return this.view(access.organizationId);
  }

  @Put()
  @RequirePermission('organizations:write')
  @ApiOperation({
    summary: 'Claim an email domain (pending until verified); answers the TXT record to publish. The same domain again changes nothing',
  })
  @ApiOkResponse({ type: DomainClaimDto })
  @ApiProblems({ 409: ['organization.domain_taken'], 422: ['organization.invalid_domain', 'organization.public_email_domain'] })
  async claim(@OrgAccess() access: OrganizationAccess, @Body() body: ClaimDomainDto): Promise<DomainClaimView> {
    await this.commands.execute(new ClaimDomainCommand({ organizationId: access.organizationId, domain: body.domain }));
    return this.view(access.organizationId);
  }

  @Post('verify')
  @HttpCode(200)
  @RequirePermission('organizations:write')
  @ApiOperation({ summary: "Look the domain's TXT record up now and verify the claim" })
  @ApiOkResponse({ type: DomainClaimDto })
  @ApiProblems({
    404: ['organization.domain_not_claimed'],
    409: ['organization.domain_taken'],
    422: ['organization.domain_not_verified'],
    502: ['organization.dns_unavailable'],
  })
  async verify(@OrgAccess() access: OrganizationAccess): Promise<DomainClaimView> {
    await this.verification.verify(access.organizationId);
    return this.view(access.organizationId);
  }

  @Delete()
  @HttpCode(204)
  @RequirePermission('organizations:write')
  @ApiOperation({ summary: 'Give the domain up: it captures nobody any more' })
  @ApiNoContentResponse()
  @ApiProblems({ 404: ['organization.domain_not_claimed'] })
  async release(@OrgAccess() access: OrganizationAccess): Promise<void> {
    await this.commands.execute(new ReleaseDomainCommand({ organizationId: access.organizationId }));
  }

  private async view(organizationId: string): Promise<DomainClaimView> {
    const claim = await this.queries.execute(new GetDomainClaimQuery({ organizationId }));
    if (!claim) throw domainNotClaimed();
    return claim;
  }
}
