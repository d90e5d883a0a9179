/** What an organization's calls say about one caller number in a window before a moment. */
export interface CallerSignalsView {
  callsFromSameNumber: number;
  distinctAgentsCalled: number;
  distinctWorkspacesCalled: number;
  shortCallsFromSameNumber: number;
}

/**
 * Telephony's published read port over its call history, for other contexts (analysis scores
 * a caller by it) that must not read the `calls` table themselves.
 */
export abstract class CallerHistoryReadModel {
  /** Top-level calls from `from` created in the `windowMinutes` up to `before`. */
  abstract signals(
    organizationId: string,
    input: { from: string; before: Date; windowMinutes: number; shortCallSeconds: number },
  ): Promise<CallerSignalsView>;
}
