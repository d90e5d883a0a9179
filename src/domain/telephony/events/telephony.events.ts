import { DomainEvent } from '../../shared/domain-event';

export class TwilioAccountConfigured extends DomainEvent<{ workspaceId: string; accountSid: string; authTokenRotated: boolean }> {
  static readonly type = 'twilio_account.configured';
  readonly resourceType = 'twilio_account';
}
export class TwilioAccountRemoved extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'twilio_account.removed';
  readonly resourceType = 'twilio_account';
}

export class PhoneNumberAdded extends DomainEvent<{ workspaceId: string; phoneNumber: string }> {
  static readonly type = 'phone_number.added';
  readonly resourceType = 'phone_number';
}
export class PhoneNumberUpdated extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'phone_number.updated';
  readonly resourceType = 'phone_number';
}
export class PhoneNumberRemoved extends DomainEvent<{ workspaceId: string }> {
  static readonly type = 'phone_number.removed';
  readonly resourceType = 'phone_number';
}

export class AgentAdded extends DomainEvent<{ workspaceId: string; userId: string; identity: string }> {
  static readonly type = 'agent.added';
  readonly resourceType = 'agent';
}
export class AgentUpdated extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'agent.updated';
  readonly resourceType = 'agent';
}
export class AgentRemoved extends DomainEvent<{ workspaceId: string; userId: string }> {
  static readonly type = 'agent.removed';
  readonly resourceType = 'agent';
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
  readonly resourceType = 'agent';
}
export class AgentAssignedToNumber extends DomainEvent<{ phoneNumberId: string; userId: string; position: number }> {
  static readonly type = 'agent_number.assigned';
  readonly resourceType = 'phone_number';
}
export class AgentUnassignedFromNumber extends DomainEvent<{ phoneNumberId: string; userId: string }> {
  static readonly type = 'agent_number.unassigned';
  readonly resourceType = 'phone_number';
}

export interface CallEventPayload {
  workspaceId: string;
  callSid: string;
  direction: string;
  status: string;
}
export class CallStarted extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.started';
  readonly resourceType = 'call';
}
export class CallAnswered extends DomainEvent<CallEventPayload & { answeredByUserId: string | null }> {
  static readonly type = 'call.answered';
  readonly resourceType = 'call';
}
export class CallCompleted extends DomainEvent<CallEventPayload & { durationSeconds: number | null }> {
  static readonly type = 'call.completed';
  readonly resourceType = 'call';
}
export class CallFailed extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.failed';
  readonly resourceType = 'call';
}
export class CallStatusChanged extends DomainEvent<CallEventPayload> {
  static readonly type = 'call.status_changed';
  readonly resourceType = 'call';
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
  readonly resourceType = 'call';
}
export class CallRecordingResumed extends DomainEvent<RecordingPausePayload> {
  static readonly type = 'call.recording_resumed';
  readonly resourceType = 'call';
}
