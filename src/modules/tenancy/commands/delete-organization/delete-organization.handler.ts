import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { organizationNotFound } from '@domain/tenancy/errors';
import { DomainClaimRepository, OrganizationRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { releaseDomain } from '../domain-claims';
import { DeleteOrganizationCommand } from './delete-organization.command';

@CommandHandler(DeleteOrganizationCommand)
export class DeleteOrganizationHandler implements ICommandHandler<DeleteOrganizationCommand, void> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly claims: DomainClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId } }: DeleteOrganizationCommand): Promise<void> {
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw organizationNotFound();
    organization.delete(this.clock.now());
    await this.organizations.save(organization);
    // A deleted organization's domain is free for its real owner to verify.
    await releaseDomain(this.claims, organizationId);
  }
}
