import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { DomainClaimRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { claimDomain } from '../domain-claims';
import { ClaimDomainCommand } from './claim-domain.command';

@CommandHandler(ClaimDomainCommand)
export class ClaimDomainHandler implements ICommandHandler<ClaimDomainCommand, void> {
  constructor(
    private readonly claims: DomainClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, domain } }: ClaimDomainCommand): Promise<void> {
    await claimDomain(this.claims, organizationId, domain, this.clock.now());
  }
}
