import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { Call } from '@domain/telephony/call.aggregate';
import { CallRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { RecordOutboundCallCommand } from './record-outbound-call.command';

@CommandHandler(RecordOutboundCallCommand)
export class RecordOutboundCallHandler implements ICommandHandler<RecordOutboundCallCommand, { callId: string }> {
  constructor(
    private readonly calls: CallRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordOutboundCallCommand): Promise<{ callId: string }> {
    // A status callback can beat this command to the database: then the call exists already.
    const existing = await this.calls.findBySid(c.organizationId, c.provider.sid);
    if (existing) return { callId: existing.id };
    const call = Call.open({
      organizationId: c.organizationId,
      workspaceId: c.workspaceId,
      callSid: c.provider.sid,
      direction: 'outbound',
      from: c.from.e164,
      to: c.customer,
      status: c.provider.status,
      phoneNumberId: c.from.phoneNumberId,
      agentUserId: c.agent.userId,
      external: { address: c.customer },
      now: this.clock.now(),
    });
    await this.calls.save(call);
    return { callId: call.id };
  }
}
