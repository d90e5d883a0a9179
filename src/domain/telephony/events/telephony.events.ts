import { DomainEvent } from '../../shared/domain-event';

export class TwilioAccountConfigured extends DomainEvent<{ workspaceId: string; accountSid: string; authTokenRotated: boolean }> {
  static readonly type = 'twilio_account.configured';
}
export class TwilioAccountRemoved extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'twilio_account.removed';
}

export class PhoneNumberAdded extends DomainEvent<{ workspaceId: string; phoneNumber: string }> {
  static readonly type = 'phone_number.added';
}
export class PhoneNumberUpdated extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'phone_number.updated';
}
export class PhoneNumberRemoved extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'phone_number.removed';
}

export class AgentAdded extends DomainEvent<{ workspaceId: string; userId: string; identity: string }> {
  static readonly type = 'agent.added';
}
export class AgentUpdated extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'agent.updated';
}
export class AgentRemoved extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'agent.removed';
}
/** An agent's outbound dial was refused by the organization's dialing policy; nothing was dialled. */
export class CallDialRefused extends DomainEvent<{
  workspaceId: string;
  userId: string;
  destination: string;
  reason: string;
  channel: 'click_to_call' | 'softphone';
}> {
  static readonly type = 'call.dial_refused';
  override readonly resourceType = 'agent';
}
export class AgentAssignedToNumber extends DomainEvent<{ phoneNumberId: string; userId: string; position: number }> {
  static readonly type = 'agent_number.assigned';
  override readonly resourceType = 'phone_number';
}
export class AgentUnassignedFromNumber extends DomainEvent<{ phoneNumberId: string; userId: string }> {
  static readonly type = 'agent_number.unassigned';
  override readonly resourceType = 'phone_number';
}

export interface CallEventPayload {
  workspaceId: string;
  callSid: string;
  direction: string;
  status: string;
}
export class CallStarted extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.started';
}
export class CallAnswered extends DomainEvent<CallEventPayload & { answeredByUserId: string | null }> {
  static readonly type = 'call.answered';
}
export class CallCompleted extends DomainEvent<CallEventPayload & { durationSeconds: number | null }> {
  static readonly type = 'call.completed';
}
export class CallFailed extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.failed';
}
export class CallStatusChanged extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.status_changed';
}

export interface RecordingPausePayload {
  workspaceId: string;
  callSid: string;
  recordingSid: string;
  pauseId: string;
  behavior: string;
}
/** The call's live recording was paused at Twilio (PCI: nothing is recorded until resumed). */
export class CallRecordingPaused extends DomainEvent<RecordingPausePayload> {
  static readonly type = 'call.recording_paused';
}
export class CallRecordingResumed extends DomainEvent<RecordingPausePayload> {
  static readonly type = 'call.recording_resumed';
}
