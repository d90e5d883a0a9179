import type { CallParticipantState, CallState } from '../call.aggregate';
import type { CallDirection, CallStatus } from '../call-status';
import type { RecordingPauseState } from '../recording-pause.aggregate';

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

/** A participant as stored: its kind and role as text. */
export type CallParticipantView = Omit<CallParticipantState, 'kind' | 'role'> & { kind: string; role: string };

/** A call leg as readers see it: its state without the organization and the callback bookkeeping. */
export type CallView = Omit<CallState, 'organizationId' | 'lastSequence' | 'answeredAtDerived' | 'participants'>;

/** One interval during which the call's recording was paused (PCI). */
export type RecordingPauseView = Omit<RecordingPauseState, 'organizationId' | 'workspaceId' | 'callId' | 'behavior'> & { behavior: string };

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
