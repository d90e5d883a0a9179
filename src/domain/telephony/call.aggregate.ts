import { StatefulAggregate } from '../shared/aggregate-root';
import { newId } from '../shared/ids';
import { isTerminal, type CallDirection, type CallStatus } from './call-status';
import { CallAnswered, CallCompleted, CallFailed, CallStarted, CallStatusChanged, type CallEventPayload } from './events/telephony.events';

export type ParticipantKind = 'external' | 'agent';
export type ParticipantRole = 'host' | 'participant';

export interface CallParticipantState {
  id: string;
  kind: ParticipantKind;
  role: ParticipantRole;
  userId: string | null;
  /** Phone number or softphone identity. */
  address: string;
  callSid: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
}

export interface CallState {
  id: string;
  organizationId: string;
  workspaceId: string;
  callSid: string;
  parentCallSid: string | null;
  direction: CallDirection;
  from: string;
  to: string;
  status: CallStatus;
  /** Highest Twilio SequenceNumber applied; -1 before any callback. */
  lastSequence: number;
  startedAt: Date | null;
  answeredAt: Date | null;
  /** True while answeredAt was worked out from the completed event's duration, not reported. */
  answeredAtDerived: boolean;
  endedAt: Date | null;
  durationSeconds: number | null;
  answeredByUserId: string | null;
  phoneNumberId: string | null;
  agentUserId: string | null;
  stirVerstat: string | null;
  participants: CallParticipantState[];
  createdAt: Date;
}

/** One status callback, as Twilio reports it for one leg. */
export interface StatusReport {
  status: CallStatus;
  /** Twilio's SequenceNumber; null when the source has none (a fetch from the REST API). */
  sequence: number | null;
  at: Date;
  durationSeconds: number | null;
}

/**
 * One leg of a call (its own CallSid). Callbacks arrive late, twice or out of order: the
 * highest sequence number decides the status, a terminal status never goes back, and the
 * times converge to the same values whatever the order of delivery.
 */
export class Call extends StatefulAggregate<CallState> {
  static open(input: {
    organizationId: string;
    workspaceId: string;
    callSid: string;
    parentCallSid?: string | null;
    direction: CallDirection;
    from: string;
    to: string;
    status: CallStatus;
    phoneNumberId?: string | null;
    agentUserId?: string | null;
    stirVerstat?: string | null;
    external?: { address: string; role?: ParticipantRole } | null;
    now: Date;
  }): Call {
    const call = new Call({
      id: newId(),
      organizationId: input.organizationId,
      workspaceId: input.workspaceId,
      callSid: input.callSid,
      parentCallSid: input.parentCallSid ?? null,
      direction: input.direction,
      from: input.from,
      to: input.to,
      status: input.status,
      lastSequence: -1,
      startedAt: input.now,
      answeredAt: null,
      answeredAtDerived: false,
      endedAt: null,
      durationSeconds: null,
      answeredByUserId: null,
      phoneNumberId: input.phoneNumberId ?? null,
      agentUserId: input.agentUserId ?? null,
      stirVerstat: input.stirVerstat ?? null,
      participants: [],
      createdAt: input.now,
    });
    if (input.external) {
      call.state.participants.push({
        id: newId(),
        kind: 'external',
        role: input.external.role ?? 'participant',
        userId: null,
        address: input.external.address,
        callSid: input.callSid,
        joinedAt: input.now,
        leftAt: null,
      });
    }
    call.record(
      new CallStarted(call.organizationId, call.id, call.payload(), {
        after: { status: call.status, direction: call.direction, from: call.state.from, to: call.state.to },
      }),
    );
    return call;
  }

  static restore(state: CallState): Call {
    return new Call({ ...state, participants: state.participants.map((p) => ({ ...p })) });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get workspaceId(): string {
    return this.state.workspaceId;
  }
  get callSid(): string {
    return this.state.callSid;
  }
  get status(): CallStatus {
    return this.state.status;
  }
  get direction(): CallDirection {
    return this.state.direction;
  }

  /** Applies one callback. Returns whether anything changed (duplicates and stale reports change nothing). */
  applyStatus(report: StatusReport): boolean {
    const before = {
      status: this.state.status,
      answeredAt: this.state.answeredAt,
      startedAt: this.state.startedAt,
      endedAt: this.state.endedAt,
    };
    const wasAnswered = this.answered();
    let changed = false;

    // Times first: every report, however late, may carry the earliest time of its kind.
    if (report.status === 'in_progress') {
      const current = this.state.answeredAt;
      if (current === null || this.state.answeredAtDerived || report.at < current) {
        this.state.answeredAt = report.at;
        this.state.answeredAtDerived = false;
        changed = true;
      }
      // A call cannot be answered before it started: an earlier answer moves the start back.
      if (this.state.startedAt && report.at < this.state.startedAt) this.state.startedAt = report.at;
    }
    if (['queued', 'initiated', 'ringing'].includes(report.status) && this.state.startedAt && report.at < this.state.startedAt) {
      this.state.startedAt = report.at;
      changed = true;
    }

    const newer = report.sequence === null ? !isTerminal(this.state.status) : report.sequence > this.state.lastSequence;
    if (newer && !isTerminal(this.state.status)) {
      if (report.sequence !== null) this.state.lastSequence = report.sequence;
      if (report.status !== this.state.status) {
        this.state.status = report.status;
        changed = true;
      }
      if (isTerminal(report.status)) {
        this.state.endedAt = report.at;
        this.state.durationSeconds = report.durationSeconds;
        if (this.state.answeredAt === null && report.status === 'completed' && report.durationSeconds && report.durationSeconds > 0) {
          // Twilio's duration can span more than we saw of the call: never before its start.
          const derived = report.at.getTime() - report.durationSeconds * 1000;
          this.state.answeredAt = new Date(Math.max(derived, this.state.startedAt?.getTime() ?? derived));
          this.state.answeredAtDerived = true;
        }
        for (const p of this.state.participants) p.leftAt ??= report.at;
        changed = true;
      }
    }
    if (!changed) return false;

    const after = {
      status: this.state.status,
      answeredAt: this.state.answeredAt,
      startedAt: this.state.startedAt,
      endedAt: this.state.endedAt,
    };
    const changes = { before: iso(before), after: iso(after) };
    if (before.status !== this.state.status && isTerminal(this.state.status)) {
      this.record(
        this.state.status === 'completed'
          ? new CallCompleted(this.organizationId, this.id, { ...this.payload(), durationSeconds: this.state.durationSeconds }, changes)
          : new CallFailed(this.organizationId, this.id, this.payload(), changes),
      );
    } else if (!wasAnswered && this.answered()) {
      this.record(
        new CallAnswered(this.organizationId, this.id, { ...this.payload(), answeredByUserId: this.state.answeredByUserId }, changes),
      );
    } else {
      this.record(new CallStatusChanged(this.organizationId, this.id, this.payload(), changes));
    }
    return true;
  }

  /** An agent's leg was answered: the agent joins as host. */
  agentAnswered(input: { userId: string; identity: string; legSid: string; at: Date }): boolean {
    const existing = this.state.participants.find((p) => p.kind === 'agent' && p.callSid === input.legSid);
    if (existing && existing.joinedAt) return false;
    if (existing) existing.joinedAt = input.at;
    else
      this.state.participants.push({
        id: newId(),
        kind: 'agent',
        role: 'host',
        userId: input.userId,
        address: `client:${input.identity}`,
        callSid: input.legSid,
        joinedAt: input.at,
        leftAt: null,
      });
    const first = this.state.answeredByUserId === null;
    const wasAnswered = this.answered();
    this.state.answeredByUserId ??= input.userId;
    if (first) {
      const changes = { after: { answeredByUserId: input.userId } };
      // The leg's own in-progress may have reported the answer already: a call is answered once.
      this.record(
        wasAnswered
          ? new CallStatusChanged(this.organizationId, this.id, this.payload(), changes)
          : new CallAnswered(this.organizationId, this.id, { ...this.payload(), answeredByUserId: input.userId }, changes),
      );
    }
    return true;
  }

  /** Answered for real: the leg reported in-progress, or an agent picked up (a time derived from the duration does not count). */
  private answered(): boolean {
    return (this.state.answeredAt !== null && !this.state.answeredAtDerived) || this.state.answeredByUserId !== null;
  }

  /** An agent's leg ended. The call's own end may have closed the participant first: the leg's end, earlier, wins. */
  agentLeft(legSid: string, at: Date): boolean {
    const p = this.state.participants.find((x) => x.kind === 'agent' && x.callSid === legSid);
    if (!p || (p.leftAt !== null && p.leftAt <= at)) return false;
    p.leftAt = at;
    return true;
  }

  private payload(): CallEventPayload {
    return { workspaceId: this.workspaceId, callSid: this.callSid, direction: this.direction, status: this.status };
  }
}

function iso(o: Record<string, Date | string | null>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
