import type { RecordingPause } from '../recording-pause.aggregate';
import type { Agent } from '../agent.aggregate';
import type { Call } from '../call.aggregate';
import type { PhoneNumber } from '../phone-number.aggregate';
import type { TwilioAccount } from '../twilio-account.aggregate';

export abstract class TwilioAccountRepository {
  abstract findByWorkspace(organizationId: string, workspaceId: string): Promise<TwilioAccount | null>;
  abstract save(account: TwilioAccount): Promise<void>;
  abstract delete(account: TwilioAccount): Promise<void>;
}

export abstract class PhoneNumberRepository {
  /** Not deleted. */
  abstract findById(organizationId: string, workspaceId: string, phoneNumberId: string): Promise<PhoneNumber | null>;
  /** Platform-wide, past row-level security on purpose: a number belongs to one workspace only. */
  abstract isTaken(e164: string, exceptId: string | null): Promise<boolean>;
  /** Numbers of the workspace this agent answers for, in assignment order. */
  abstract findAssignedTo(organizationId: string, workspaceId: string, userId: string): Promise<PhoneNumber[]>;
  /** The E.164 numbers of the whole organization (every workspace), not deleted. */
  abstract organizationNumbers(organizationId: string): Promise<string[]>;
  abstract save(phoneNumber: PhoneNumber): Promise<void>;
}

export abstract class AgentRepository {
  abstract find(organizationId: string, workspaceId: string, userId: string): Promise<Agent | null>;
  abstract findByIdentity(organizationId: string, workspaceId: string, identity: string): Promise<Agent | null>;
  /** The agents among `userIds`, keeping their order. */
  abstract findMany(organizationId: string, workspaceId: string, userIds: string[]): Promise<Agent[]>;
  abstract save(agent: Agent): Promise<void>;
}

export abstract class CallRepository {
  abstract findBySid(organizationId: string, callSid: string): Promise<Call | null>;
  abstract findById(organizationId: string, callId: string): Promise<Call | null>;
  abstract save(call: Call): Promise<void>;
  /**
   * Serialises the dialing checks of one workspace until the transaction ends, so two dials
   * cannot both count the same calls and both pass a daily cap.
   */
  abstract lockDialing(organizationId: string, workspaceId: string): Promise<void>;
  /** Top-level outbound calls of the workspace created since `since`: all of them, and the agent's. */
  abstract countOutboundSince(
    organizationId: string,
    workspaceId: string,
    agentUserId: string,
    since: Date,
  ): Promise<{ agent: number; workspace: number }>;
}

/** Where a webhook belongs, before anything about its organization is known. Platform scope. */
export interface WebhookOwner {
  organizationId: string;
  workspaceId: string;
}

/** What checks a workspace's webhook signatures, still sealed: read with the owner, in one query. */
export interface SigningKeys {
  accountSid: string;
  authToken: string;
  previousAuthToken: string | null;
  previousAuthTokenExpiresAt: Date | null;
}

export type SignedOwner = WebhookOwner & { signing: SigningKeys | null };

export abstract class TelephonyDirectory {
  /** The workspace that owns this number. */
  abstract ownerOfNumber(e164: string): Promise<(SignedOwner & { phoneNumberId: string }) | null>;
  /** The workspace of a known call leg. */
  abstract ownerOfCall(callSid: string): Promise<(SignedOwner & { callId: string }) | null>;
  /** Workspaces using this Twilio account, optionally narrowed to the TwiML App. */
  abstract ownersOfAccount(accountSid: string, twimlAppSid: string | null): Promise<SignedOwner[]>;
  /** Calls left open longer than `olderThan`, for reconciliation. */
  abstract staleOpenCalls(olderThan: Date, limit: number): Promise<(WebhookOwner & { callSid: string })[]>;
}

export abstract class RecordingPauseRepository {
  /** The call's open pause, locked for the rest of the transaction. */
  abstract findOpen(organizationId: string, callId: string): Promise<RecordingPause | null>;
  abstract save(pause: RecordingPause): Promise<void>;
}
