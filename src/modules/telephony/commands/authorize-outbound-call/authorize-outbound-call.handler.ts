import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { agentNotFound, phoneNumberNotFound } from '@domain/telephony/errors';
import { AgentRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { DialingGuard } from '../dialing-guard';
import { AuthorizeOutboundCallCommand, type AuthorizedOutboundCall } from './authorize-outbound-call.command';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@CommandHandler(AuthorizeOutboundCallCommand)
export class AuthorizeOutboundCallHandler implements ICommandHandler<AuthorizeOutboundCallCommand, AuthorizedOutboundCall> {
  constructor(
    private readonly agents: AgentRepository,
    private readonly numbers: PhoneNumberRepository,
    private readonly guard: DialingGuard,
    private readonly clock: Clock,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: c }: AuthorizeOutboundCallCommand): Promise<AuthorizedOutboundCall> {
    await assertWorkspaceExists(this.queries, c.organizationId, c.workspaceId);
    const agent = await this.agents.find(c.organizationId, c.workspaceId, c.agentUserId);
    if (!agent) throw agentNotFound();
    const from = c.fromNumberId
      ? await this.numbers.findById(c.organizationId, c.workspaceId, c.fromNumberId)
      : ((await this.numbers.findAssignedTo(c.organizationId, c.workspaceId, agent.userId))[0] ?? null);
    if (!from) throw phoneNumberNotFound();
    const refusal = await this.guard.check({
      organizationId: c.organizationId,
      workspaceId: c.workspaceId,
      agentUserId: agent.userId,
      destination: c.customer,
      now: this.clock.now(),
    });
    if (refusal) {
      agent.dialRefused(c.customer, refusal, 'click_to_call');
      await this.agents.save(agent);
    }
    return { agent: { userId: agent.userId, identity: agent.identity }, from: { phoneNumberId: from.id, e164: from.e164 }, refusal };
  }
}
