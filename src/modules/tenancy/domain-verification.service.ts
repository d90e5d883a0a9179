import { Injectable } from '@nestjs/common';
import { domainNotClaimed } from '@domain/tenancy/errors';
import { DnsTxtResolver } from '@domain/tenancy/ports/dns-txt-resolver.port';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { RecordDomainCheckCommand } from './commands/record-domain-check/record-domain-check.command';
import { GetDomainClaimQuery } from './queries/get-domain-claim/get-domain-claim.query';

/** Looks the claim's TXT record up now (outside any transaction), then records what DNS said. */
@Injectable()
export class DomainVerificationService {
  constructor(
    private readonly resolver: DnsTxtResolver,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  async verify(organizationId: string): Promise<void> {
    const claim = await this.queries.execute(new GetDomainClaimQuery({ organizationId }));
    if (!claim) throw domainNotClaimed();
    const records = await this.resolver.resolveTxt(claim.verification.name);
    await this.commands.execute(
      new RecordDomainCheckCommand({
        organizationId,
        checked: { domain: claim.domain, recordValue: claim.verification.value },
        txtRecords: records,
        purpose: 'verify',
      }),
    );
  }
}
