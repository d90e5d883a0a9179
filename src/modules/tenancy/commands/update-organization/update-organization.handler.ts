import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { organizationNotFound } from '@domain/tenancy/errors';
import { DomainClaimRepository, OrganizationRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { claimDomain, releaseDomain } from '../domain-claims';
import { UpdateOrganizationCommand } from './update-organization.command';

@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand, void> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly claims: DomainClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, patch } }: UpdateOrganizationCommand): Promise<void> {
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw organizationNotFound();
    organization.update({ name: patch.name, settings: patch.settings });
    await this.organizations.save(organization);
    if (patch.domain === null || patch.domain?.trim() === '') await releaseDomain(this.claims, organizationId);
    else if (patch.domain !== undefined) await claimDomain(this.claims, organizationId, patch.domain, this.clock.now());
  }
}
