import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { domainTaken, organizationNotFound } from '../../../../domain/tenancy/errors';
import { OrganizationRepository } from '../../../../domain/tenancy/ports/tenancy-repositories.port';
import { UpdateOrganizationCommand } from './update-organization.command';

@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand, void> {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute({ organizationId, patch }: UpdateOrganizationCommand): Promise<void> {
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw organizationNotFound();
    const previousDomain = organization.domain;
    organization.update(patch);
    if (organization.domain && organization.domain !== previousDomain && (await this.organizations.isDomainTaken(organization.domain, organizationId))) {
      throw domainTaken(organization.domain);
    }
    await this.organizations.save(organization);
  }
}
