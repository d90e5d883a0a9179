import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { OrganizationMember } from '@domain/tenancy/organization-member.aggregate';
import { Organization } from '@domain/tenancy/organization.aggregate';
import {
  DomainClaimRepository,
  OrganizationMemberRepository,
  OrganizationRepository,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import { claimDomain } from '../domain-claims';
import { CreateOrganizationCommand } from './create-organization.command';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand, { organizationId: string }> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly members: OrganizationMemberRepository,
    private readonly claims: DomainClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: command }: CreateOrganizationCommand): Promise<{ organizationId: string }> {
    const now = this.clock.now();
    const organization = Organization.create({ name: command.name, now });
    await this.organizations.save(organization);
    await this.members.save(OrganizationMember.add({ organizationId: organization.id, userId: command.creatorUserId, role: 'owner', now }));
    // A domain given here is only a claim: it captures nobody until verified through DNS.
    if (command.domain !== null && command.domain.trim() !== '') await claimDomain(this.claims, organization.id, command.domain, now);
    return { organizationId: organization.id };
  }
}
