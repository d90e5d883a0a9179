import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { Call } from '@domain/telephony/call.aggregate';
import { tryE164 } from '@domain/telephony/phone-number';
import { AgentRepository, CallRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';
import { webhookUrls } from '../../call-routing';
import { DialingGuard } from '../dialing-guard';
import { RouteSoftphoneCallCommand } from './route-softphone-call.command';

@CommandHandler(RouteSoftphoneCallCommand)
export class RouteSoftphoneCallHandler implements ICommandHandler<RouteSoftphoneCallCommand, CallPlan> {
  constructor(
    private readonly calls: CallRepository,
    private readonly numbers: PhoneNumberRepository,
    private readonly agents: AgentRepository,
    private readonly settings: TelephonySettings,
    private readonly guard: DialingGuard,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RouteSoftphoneCallCommand): Promise<CallPlan> {
    const agent = await this.agents.findByIdentity(c.organizationId, c.workspaceId, c.call.identity);
    if (!agent) return { kind: 'refuse', message: 'This softphone is not an agent of the workspace.' };
    const to = tryE164(c.call.to);
    if (!to) return { kind: 'refuse', message: 'That number cannot be dialled.' };
    // The agent may only present a number they answer for.
    const own = await this.numbers.findAssignedTo(c.organizationId, c.workspaceId, agent.userId);
    const from = (c.call.callerId ? own.find((n) => n.e164 === tryE164(c.call.callerId)) : own[0]) ?? null;
    if (!from) return { kind: 'refuse', message: 'You have no number to call from.' };
    // Twilio retrying the webhook finds the call recorded: it was checked then, and counts itself.
    if (!(await this.calls.findBySid(c.organizationId, c.call.callSid))) {
      const refusal = await this.guard.check({
        organizationId: c.organizationId,
        workspaceId: c.workspaceId,
        agentUserId: agent.userId,
        destination: to,
        now: this.clock.now(),
      });
      if (refusal) {
        agent.dialRefused(to, refusal, 'softphone');
        await this.agents.save(agent);
        return { kind: 'refuse', message: refusal.message };
      }
      const call = Call.open({
        organizationId: c.organizationId,
        workspaceId: c.workspaceId,
        callSid: c.call.callSid,
        direction: 'outbound',
        from: from.e164,
        to,
        status: 'initiated',
        phoneNumberId: from.id,
        agentUserId: agent.userId,
        external: { address: to },
        now: this.clock.now(),
      });
      call.agentAnswered({ userId: agent.userId, identity: agent.identity, legSid: c.call.callSid, at: this.clock.now() });
      await this.calls.save(call);
    }
    const urls = webhookUrls(this.settings.publicBaseUrl);
    return {
      kind: 'dial_number',
      number: to,
      callerId: from.e164,
      timeoutSeconds: 30,
      recordingStatusCallbackUrl: urls.recording,
      legStatusCallbackUrl: urls.status,
    };
  }
}
