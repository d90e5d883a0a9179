import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { recordNameFor, recordValueFor } from '@domain/tenancy/domain-claim.aggregate';
import { DnsTxtResolver } from '@domain/tenancy/ports/dns-txt-resolver.port';
import { DomainClaimRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { TransactionalCommandBus } from '../../shared';
import { RecordDomainCheckCommand } from '../commands/record-domain-check/record-domain-check.command';

export const RECHECK_DOMAINS_QUEUE = 'tenancy.recheck-domains';
/** Every hour, the least recently checked verified claims. */
export const RECHECK_DOMAINS_CRON = '41 * * * *';
const BATCH = 200;

/**
 * A verified domain stays verified only while its TXT record is published: each run looks the
 * records up again and un-verifies (audited, `organization.domain_unverified`) a domain whose
 * DNS answered without it. A lookup that got no answer proves nothing and changes nothing.
 */
@Injectable()
export class RecheckDomainsJob {
  private readonly logger = new Logger(RecheckDomainsJob.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly claims: DomainClaimRepository,
    private readonly resolver: DnsTxtResolver,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async run(): Promise<{ checked: number; unverified: number; failed: number }> {
    const claims = await this.unitOfWork.run({ organizationId: null }, () => this.claims.verifiedClaims(BATCH));
    const outcome = { checked: 0, unverified: 0, failed: 0 };
    for (const claim of claims) {
      const recordName = recordNameFor(claim.domain);
      try {
        const records = await this.resolver.resolveTxt(recordName);
        const { status } = await this.commands.execute(
          new RecordDomainCheckCommand({
            organizationId: claim.organizationId,
            checked: { domain: claim.domain, recordValue: recordValueFor(claim.token) },
            txtRecords: records,
            purpose: 'recheck',
          }),
        );
        outcome.checked += 1;
        if (status === 'pending') {
          outcome.unverified += 1;
          this.logger.warn({ organizationId: claim.organizationId, domain: claim.domain }, 'domain un-verified: its TXT record is gone');
        }
      } catch (error) {
        // One domain's DNS trouble must not stop the others, nor un-verify it.
        outcome.failed += 1;
        this.logger.warn({ err: error, organizationId: claim.organizationId, domain: claim.domain }, 'could not re-check domain');
      }
    }
    return outcome;
  }
}
