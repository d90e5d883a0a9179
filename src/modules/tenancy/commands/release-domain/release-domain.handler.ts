import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { domainNotClaimed } from '@domain/tenancy/errors';
import { DomainClaimRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { releaseDomain } from '../domain-claims';
import { ReleaseDomainCommand } from './release-domain.command';

@CommandHandler(ReleaseDomainCommand)
export class ReleaseDomainHandler implements ICommandHandler<ReleaseDomainCommand, void> {
  constructor(private readonly claims: DomainClaimRepository) {}

  async execute({ props: { organizationId } }: ReleaseDomainCommand): Promise<void> {
    if (!(await releaseDomain(this.claims, organizationId))) throw domainNotClaimed();
  }
}
