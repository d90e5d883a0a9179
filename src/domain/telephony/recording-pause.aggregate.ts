import { StatefulAggregate } from '../shared/aggregate-root';
import { newId } from '../shared/ids';
import { callNotInProgress, notOnCall, recordingNotPaused } from './errors';
import { CallRecordingPaused, CallRecordingResumed } from './events/telephony.events';

export type PauseBehavior = 'skip' | 'silence';

export interface RecordingPauseState {
  id: string;
  organizationId: string;
  workspaceId: string;
  callId: string;
  /** The recording Twilio paused (Twilio.CURRENT at the time). */
  recordingSid: string;
  behavior: PauseBehavior;
  pausedAt: Date;
  resumedAt: Date | null;
  /** Offsets in the recording, from its start, when Twilio told when it started; null otherwise. */
  startOffsetMs: number | null;
  endOffsetMs: number | null;
  pausedByUserId: string | null;
  resumedByUserId: string | null;
}

/**
 * One interval during which a call's live recording was paused (PCI: a caller reading out a
 * card number). Opened when Twilio confirms the pause, closed when it confirms the resume;
 * a call has at most one open at a time.
 */
export class RecordingPause extends StatefulAggregate<RecordingPauseState> {
  static open(input: {
    organizationId: string;
    workspaceId: string;
    callId: string;
    callSid: string;
    recordingSid: string;
    behavior: PauseBehavior;
    at: Date;
    recordingStartedAt: Date | null;
    byUserId: string | null;
  }): RecordingPause {
    const pause = new RecordingPause({
      id: newId(),
      organizationId: input.organizationId,
      workspaceId: input.workspaceId,
      callId: input.callId,
      recordingSid: input.recordingSid,
      behavior: input.behavior,
      pausedAt: input.at,
      resumedAt: null,
      startOffsetMs: offset(input.recordingStartedAt, input.at),
      endOffsetMs: null,
      pausedByUserId: input.byUserId,
      resumedByUserId: null,
    });
    pause.record(
      new CallRecordingPaused(
        input.organizationId,
        input.callId,
        {
          workspaceId: input.workspaceId,
          callSid: input.callSid,
          recordingSid: input.recordingSid,
          pauseId: pause.id,
          behavior: input.behavior,
        },
        {
          after: {
            pausedAt: input.at.toISOString(),
            startOffsetMs: pause.state.startOffsetMs,
            behavior: input.behavior,
            recordingSid: input.recordingSid,
          },
        },
      ),
    );
    return pause;
  }

  static restore(state: RecordingPauseState): RecordingPause {
    return new RecordingPause({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get isOpen(): boolean {
    return this.state.resumedAt === null;
  }

  resume(input: { callSid: string; at: Date; recordingStartedAt: Date | null; byUserId: string | null }): void {
    if (!this.isOpen) throw recordingNotPaused();
    // A resume reported before the pause (clocks): the interval is empty, never negative.
    const at = input.at < this.state.pausedAt ? this.state.pausedAt : input.at;
    this.state.resumedAt = at;
    this.state.resumedByUserId = input.byUserId;
    this.state.startOffsetMs ??= offset(input.recordingStartedAt, this.state.pausedAt);
    this.state.endOffsetMs =
      offset(input.recordingStartedAt, at) ??
      (this.state.startOffsetMs === null ? null : this.state.startOffsetMs + (at.getTime() - this.state.pausedAt.getTime()));
    this.record(
      new CallRecordingResumed(
        this.state.organizationId,
        this.state.callId,
        {
          workspaceId: this.state.workspaceId,
          callSid: input.callSid,
          recordingSid: this.state.recordingSid,
          pauseId: this.id,
          behavior: this.state.behavior,
        },
        {
          before: { resumedAt: null },
          after: {
            resumedAt: at.toISOString(),
            endOffsetMs: this.state.endOffsetMs,
            pausedMs: at.getTime() - this.state.pausedAt.getTime(),
          },
        },
      ),
    );
  }
}

function offset(start: Date | null, at: Date): number | null {
  return start === null ? null : Math.max(0, at.getTime() - start.getTime());
}

/** A paused interval as the recording's timeline sees it: [startMs, endMs) from the recording's start. */
export interface PausedInterval {
  startMs: number;
  endMs: number | null;
}

/** Whether a stretch [startMs, endMs) of the recording overlaps a paused interval (an open one runs to the end). */
export function overlapsPause(intervals: readonly PausedInterval[], startMs: number, endMs: number): boolean {
  return intervals.some((p) => startMs < (p.endMs ?? Number.POSITIVE_INFINITY) && endMs > p.startMs);
}

/** What deciding who may pause a call's recording needs to know of the call. */
export interface RecordingControlSubject {
  status: string;
  agentUserId: string | null;
  answeredByUserId: string | null;
  participants: readonly { userId: string | null }[];
}

/**
 * Who may pause or resume a call's recording, and when: the agent on the call (its agent, the
 * one who answered, or an agent participant) or an admin, while the call is in progress.
 */
export function assertMayControlRecording(call: RecordingControlSubject, actor: { userId: string | null; admin: boolean }): void {
  const onCall =
    actor.userId !== null &&
    (call.agentUserId === actor.userId ||
      call.answeredByUserId === actor.userId ||
      call.participants.some((p) => p.userId === actor.userId));
  if (!onCall && !actor.admin) throw notOnCall();
  if (call.status !== 'in_progress') throw callNotInProgress();
}

/** A paused interval as shown with a recording or its transcript. */
export interface PausedIntervalView {
  pausedAt: Date;
  resumedAt: Date | null;
  /** Milliseconds from the recording's start: Twilio's start time when it gave one, else the call's answer. */
  startMs: number | null;
  endMs: number | null;
  behavior: string;
}

/** A call's pauses (RecordingPauseView) as intervals of its recording. */
export function pausedIntervalsOf(
  pauses: readonly { pausedAt: Date; resumedAt: Date | null; startOffsetMs: number | null; endOffsetMs: number | null; behavior: string }[],
  answeredAt: Date | null,
): PausedIntervalView[] {
  const since = (at: Date | null) => (at === null || answeredAt === null ? null : Math.max(0, at.getTime() - answeredAt.getTime()));
  return pauses.map((p) => ({
    pausedAt: p.pausedAt,
    resumedAt: p.resumedAt,
    startMs: p.startOffsetMs ?? since(p.pausedAt),
    endMs:
      p.endOffsetMs ??
      (p.startOffsetMs === null
        ? since(p.resumedAt)
        : p.resumedAt
          ? p.startOffsetMs + (p.resumedAt.getTime() - p.pausedAt.getTime())
          : null),
    behavior: p.behavior,
  }));
}
