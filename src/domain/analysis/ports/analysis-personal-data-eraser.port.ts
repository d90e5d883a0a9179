/** What erasure and retention need of analysis: the evidence and review notes of some calls' analyses erased; a reviewer's notes. */
export abstract class AnalysisPersonalDataEraser {
  /**
   * Erases the quoted evidence (every result the analyses ever had) and the review notes of the
   * analyses of these calls and recordings. Answers the ids of the analyses it changed.
   */
  abstract eraseEvidence(organizationId: string, of: { callIds: readonly string[]; recordingIds: readonly string[] }): Promise<string[]>;
  /** Erases the review notes this user wrote; answers the ids of the analyses it changed. */
  abstract eraseReviewerNotes(organizationId: string, userId: string): Promise<string[]>;
}
