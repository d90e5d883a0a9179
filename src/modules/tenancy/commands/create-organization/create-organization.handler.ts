import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../domain/shared/clock';
import { domainTaken } from '../../../../domain/tenancy/errors';
import { OrganizationMember } from '../../../../domain/tenancy/organization-member.aggregate';
import { Organization } from '../../../../domain/tenancy/organization.aggregate';
import { OrganizationMemberRepository, OrganizationRepository } from '../../../../domain/tenancy/ports/tenancy-repositories.port';
import { CreateOrganizationCommand } from './create-organization.command';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand, { organizationId: string }> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly members: OrganizationMemberRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateOrganizationCommand): Promise<{ organizationId: string }> {
    const now = this.clock.now();
    const organization = Organization.create({ name: command.name, domain: command.domain, now });
    if (organization.domain && (await this.organizations.isDomainTaken(organization.domain, null))) {
      throw domainTaken(organization.domain);
    }
    await this.organizations.save(organization);
    await this.members.save(OrganizationMember.add({ organizationId: organization.id, userId: command.creatorUserId, role: 'owner', now }));
    return { organizationId: organization.id };
  }
}
