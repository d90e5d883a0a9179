import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { domainNotClaimed, domainNotVerified, domainTaken } from '@domain/tenancy/errors';
import { DomainClaimRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { RecordDomainCheckCommand } from './record-domain-check.command';

@CommandHandler(RecordDomainCheckCommand)
export class RecordDomainCheckHandler implements ICommandHandler<RecordDomainCheckCommand, { status: 'pending' | 'verified' | null }> {
  constructor(
    private readonly claims: DomainClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({
    props: { organizationId, checked, txtRecords, purpose },
  }: RecordDomainCheckCommand): Promise<{ status: 'pending' | 'verified' | null }> {
    const claim = await this.claims.find(organizationId);
    if (!claim) {
      if (purpose === 'verify') throw domainNotClaimed();
      return { status: null };
    }
    const sameClaim = claim.domain === checked.domain && claim.recordValue === checked.recordValue;
    const proven = sameClaim && claim.isProvenBy(txtRecords);
    const now = this.clock.now();

    if (purpose === 'recheck') {
      if (!sameClaim || !claim.isVerified) return { status: claim.status };
      if (proven) claim.verify(now);
      else claim.unverify(now, 'txt_record_missing');
      await this.claims.save(claim);
      return { status: claim.status };
    }

    // One verification of a domain at a time, so two organizations cannot both hold it verified.
    await this.claims.lockDomain(claim.domain);
    if (!claim.isVerified && (await this.claims.isVerifiedElsewhere(claim.domain, organizationId))) throw domainTaken(claim.domain);
    if (!proven) {
      throw domainNotVerified({
        recordName: claim.recordName,
        expectedValue: claim.recordValue,
        found: sameClaim ? txtRecords.slice(0, 10) : [],
      });
    }
    claim.verify(now);
    await this.claims.save(claim);
    return { status: claim.status };
  }
}
