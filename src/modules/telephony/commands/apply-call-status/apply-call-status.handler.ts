import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { Call } from '@domain/telephony/call.aggregate';
import { isTerminal } from '@domain/telephony/call-status';
import { AgentRepository, CallRepository } from '@domain/telephony/ports/telephony-repositories.port';
import { ApplyCallStatusCommand } from './apply-call-status.command';

const CLIENT = /^client:(.+)$/;

@CommandHandler(ApplyCallStatusCommand)
export class ApplyCallStatusHandler implements ICommandHandler<ApplyCallStatusCommand, { changed: boolean; known: boolean }> {
  constructor(
    private readonly calls: CallRepository,
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, workspaceId, report } }: ApplyCallStatusCommand): Promise<{ changed: boolean; known: boolean }> {
    // Lock the parent first, so legs of one call never update it in opposite orders.
    const parent = report.parentCallSid ? await this.calls.findBySid(organizationId, report.parentCallSid) : null;
    let leg = await this.calls.findBySid(organizationId, report.callSid);
    const isNew = !leg;
    const agentIdentity = CLIENT.exec(report.to)?.[1] ?? null;
    // The agent only matters for a new leg (its agent) or a child leg (the parent's agent answered or left).
    const agent = agentIdentity && (!leg || parent) ? await this.agents.findByIdentity(organizationId, workspaceId, agentIdentity) : null;
    if (!leg) {
      // A child leg (the <Dial> to an agent or a number) is first seen in its callbacks.
      if (!parent) return { changed: false, known: false };
      leg = Call.open({
        organizationId,
        workspaceId,
        callSid: report.callSid,
        parentCallSid: parent.callSid,
        direction: 'outbound',
        from: report.from,
        to: report.to,
        status: 'queued',
        agentUserId: agent?.userId ?? null,
        now: this.clock.now(),
      });
    }
    let changed = leg.applyStatus(report);
    // A duplicate or stale callback writes nothing (not even updated_at, which reconciliation reads).
    if (isNew || changed) await this.calls.save(leg);
    if (parent && agent) {
      let parentChanged =
        report.status === 'in_progress'
          ? parent.agentAnswered({ userId: agent.userId, identity: agent.identity, legSid: report.callSid, at: report.at })
          : false;
      // The leg's end, from its state: its completed callback may have come before its in-progress.
      const { status, endedAt } = leg.snapshot();
      if (isTerminal(status) && endedAt) parentChanged = parent.agentLeft(report.callSid, endedAt) || parentChanged;
      if (parentChanged) {
        await this.calls.save(parent);
        changed = true;
      }
    }
    return { changed, known: true };
  }
}
