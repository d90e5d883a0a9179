import { OrganizationCommand } from '../../../shared';

export interface EraseAnalysisEvidenceProps {
  readonly organizationId: string;
  readonly callIds: readonly string[];
  readonly recordingIds: readonly string[];
}

/** Erasure and retention: the analyses of these calls and recordings keep their scores, not the words. Answers the analyses changed. */
export class EraseAnalysisEvidenceCommand extends OrganizationCommand<EraseAnalysisEvidenceProps, string[]> {}
