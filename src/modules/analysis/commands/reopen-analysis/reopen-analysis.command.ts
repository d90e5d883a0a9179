import { OrganizationCommand } from '../../../shared';

export interface ReopenAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** cleared → needs_review, by an admin. */
export class ReopenAnalysisCommand extends OrganizationCommand<ReopenAnalysisProps> {}
