import type { CallDirection, CallStatus } from '../call-status';

export interface TwilioAccountView {
  workspaceId: string;
  accountSid: string;
  authTokenSet: boolean;
  apiKeySid: string | null;
  apiKeySecretSet: boolean;
  twimlAppSid: string | null;
  previousAuthTokenValidUntil: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PhoneNumberView {
  id: string;
  workspaceId: string;
  phoneNumber: string;
  twilioSid: string;
  friendlyName: string | null;
  ringStrategy: string;
  agents: { userId: string; position: number; identity: string | null }[];
  createdAt: Date;
}

export interface AgentView {
  workspaceId: string;
  userId: string;
  identity: string;
  /** As routing sees it now: an agent whose softphone presence lapsed is offline. */
  availability: string;
  /** Until when a softphone token keeps the agent online; null when set by hand. */
  presenceExpiresAt: Date | null;
  email: string | null;
  fullName: string | null;
  phoneNumberIds: string[];
  createdAt: Date;
}

export interface CallParticipantView {
  id: string;
  kind: string;
  role: string;
  userId: string | null;
  address: string;
  callSid: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
}

export interface CallView {
  id: string;
  workspaceId: string;
  callSid: string;
  parentCallSid: string | null;
  direction: CallDirection;
  from: string;
  to: string;
  status: CallStatus;
  startedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  answeredByUserId: string | null;
  agentUserId: string | null;
  phoneNumberId: string | null;
  stirVerstat: string | null;
  createdAt: Date;
}

/** One interval during which the call's recording was paused (PCI). */
export interface RecordingPauseView {
  id: string;
  recordingSid: string;
  behavior: string;
  pausedAt: Date;
  /** null while still paused. */
  resumedAt: Date | null;
  /** From the recording's start, when Twilio told when it started; else null (use the times). */
  startOffsetMs: number | null;
  endOffsetMs: number | null;
  pausedByUserId: string | null;
  resumedByUserId: string | null;
}

export interface CallDetailView extends CallView {
  participants: CallParticipantView[];
  legs: CallView[];
  /** The recording's paused intervals, oldest first. */
  recordingPauses: RecordingPauseView[];
}

/** The paused intervals of calls' recordings. */
export abstract class RecordingPauseReadModel {
  abstract pausesOfCall(organizationId: string, callId: string): Promise<RecordingPauseView[]>;
}

export interface CallFilter {
  workspaceId?: string;
  status?: CallStatus;
  direction?: CallDirection;
  agentUserId?: string;
  phoneNumberId?: string;
  from?: Date;
  to?: Date;
}

export abstract class TelephonyReadModel {
  abstract twilioAccount(organizationId: string, workspaceId: string): Promise<TwilioAccountView | null>;
  abstract phoneNumbers(organizationId: string, workspaceId: string, after: string | null, limit: number): Promise<PhoneNumberView[]>;
  abstract phoneNumber(organizationId: string, workspaceId: string, id: string): Promise<PhoneNumberView | null>;
  abstract agents(organizationId: string, workspaceId: string, after: string | null, limit: number): Promise<AgentView[]>;
  abstract agent(organizationId: string, workspaceId: string, userId: string): Promise<AgentView | null>;
  /** Newest first; only top-level legs (child legs appear under their call). */
  /** `only`: the workspaces the caller may see; null for all of them. */
  abstract calls(
    organizationId: string,
    filter: CallFilter,
    beforeId: string | null,
    limit: number,
    only: readonly string[] | null,
  ): Promise<CallView[]>;
  /** The call with its participants and legs (its recording's pauses come from RecordingPauseReadModel). */
  abstract call(organizationId: string, callId: string): Promise<Omit<CallDetailView, 'recordingPauses'> | null>;
  /** The top-level call a leg belongs to (itself when it has no parent). */
  abstract callIdBySid(organizationId: string, callSid: string): Promise<string | null>;
}
