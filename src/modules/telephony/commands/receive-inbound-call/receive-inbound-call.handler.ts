import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { Call } from '@domain/telephony/call.aggregate';
import { fromTwilioStatus } from '@domain/telephony/call-status';
import { phoneNumberNotFound } from '@domain/telephony/errors';
import { AgentRepository, CallRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import type { CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';
import { planRinging } from '../../call-routing';
import { ReceiveInboundCallCommand } from './receive-inbound-call.command';

@CommandHandler(ReceiveInboundCallCommand)
export class ReceiveInboundCallHandler implements ICommandHandler<ReceiveInboundCallCommand, CallPlan> {
  constructor(
    private readonly calls: CallRepository,
    private readonly numbers: PhoneNumberRepository,
    private readonly agents: AgentRepository,
    private readonly settings: TelephonySettings,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReceiveInboundCallCommand): Promise<CallPlan> {
    const existing = await this.calls.findBySid(c.organizationId, c.call.callSid);
    const phoneNumberId = c.phoneNumberId ?? existing?.snapshot().phoneNumberId ?? null;
    const number = phoneNumberId ? await this.numbers.findById(c.organizationId, c.workspaceId, phoneNumberId) : null;
    if (!number) throw phoneNumberNotFound();
    // Twilio retries a webhook that timed out: the call is recorded once.
    if (!existing) {
      await this.calls.save(
        Call.open({
          organizationId: c.organizationId,
          workspaceId: c.workspaceId,
          callSid: c.call.callSid,
          direction: 'inbound',
          from: c.call.from,
          to: c.call.to,
          status: fromTwilioStatus(c.call.status) ?? 'ringing',
          phoneNumberId: number.id,
          stirVerstat: c.call.stirVerstat,
          external: { address: c.call.from },
          now: this.clock.now(),
        }),
      );
    }
    // An agent whose softphone presence lapsed is offline: ringing them would ring nobody.
    const now = this.clock.now();
    const available = (await this.agents.findMany(c.organizationId, c.workspaceId, number.agentIds)).filter(
      (a) => a.availabilityAt(now) === 'available',
    );
    return planRinging(this.settings.publicBaseUrl, {
      identities: available.map((a) => a.identity),
      sequential: number.ringStrategy === 'sequential',
      attempt: c.attempt,
    });
  }
}
