import { OrganizationCommand } from '../../../shared';

export interface ReleaseAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly actorId: string | null;
  readonly mayActForOthers: boolean;
}

/** in_review → needs_review, unreviewed; the reviewer's load goes down. */
export class ReleaseAnalysisCommand extends OrganizationCommand<ReleaseAnalysisProps> {}
