/** What erasure needs of telephony: the calls a phone number took part in, their parties redacted; a user's agent seats. */
export abstract class TelephonyPersonalDataEraser {
  /** Calls where any of `numbers` is the caller, the callee or a participant's address. */
  abstract callsWithParty(organizationId: string, numbers: readonly string[]): Promise<{ callId: string; workspaceId: string }[]>;
  /**
   * Replaces `numbers` by `[erased]` in these calls' from/to and their participants' addresses.
   * Answers the ids of the calls and participants it changed (none on a second run).
   */
  abstract redactParties(
    organizationId: string,
    callIds: readonly string[],
    numbers: readonly string[],
  ): Promise<{ callIds: string[]; participantIds: string[] }>;
  /** The workspaces where this user is an agent. */
  abstract agentWorkspacesOf(organizationId: string, userId: string): Promise<string[]>;
}
