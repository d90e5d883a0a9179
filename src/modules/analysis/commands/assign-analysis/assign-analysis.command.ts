import { OrganizationCommand } from '../../../shared';

export interface AssignAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly reviewerId: string | null;
  readonly assignedBy: string | null;
}

/** To a named reviewer, or to the organization's least-loaded reviewer when none is named. */
export class AssignAnalysisCommand extends OrganizationCommand<AssignAnalysisProps, { reviewerId: string }> {}
