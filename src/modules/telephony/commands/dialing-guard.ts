import { Injectable } from '@nestjs/common';
import { checkDailyCaps, checkDestination, startOfUtcDay, type DialRefusal } from '@domain/telephony/dialing-policy';
import { CallRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { TenantQueryBus } from '../../shared';
import { dialingPolicyOf, GetOrganizationQuery } from '../../tenancy';

/**
 * Applies the organization's dialing policy to one outbound dial. Runs inside the caller's
 * unit of work: the daily count is taken under the workspace's dialing lock, which holds
 * until that transaction ends.
 */
@Injectable()
export class DialingGuard {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly numbers: PhoneNumberRepository,
    private readonly calls: CallRepository,
  ) {}

  async check(input: {
    organizationId: string;
    workspaceId: string;
    agentUserId: string;
    destination: string;
    now: Date;
  }): Promise<DialRefusal | null> {
    const org = await this.queries.execute(new GetOrganizationQuery({ organizationId: input.organizationId }));
    const policy = dialingPolicyOf(org?.settings);
    const own = policy.allowedCountries === null ? await this.numbers.organizationNumbers(input.organizationId) : [];
    const refused = checkDestination(policy, input.destination, own);
    if (refused) return refused;
    await this.calls.lockDialing(input.organizationId, input.workspaceId);
    const counts = await this.calls.countOutboundSince(
      input.organizationId,
      input.workspaceId,
      input.agentUserId,
      startOfUtcDay(input.now),
    );
    return checkDailyCaps(policy, counts);
  }
}
