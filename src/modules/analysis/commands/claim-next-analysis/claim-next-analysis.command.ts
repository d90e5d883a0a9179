import { OrganizationCommand } from '../../../shared';

export interface ClaimNextAnalysisProps {
  readonly organizationId: string;
  readonly reviewerId: string;
}

/** The next analysis needing review, highest priority then oldest, assigned to the caller; null when the queue is empty. */
export class ClaimNextAnalysisCommand extends OrganizationCommand<ClaimNextAnalysisProps, string | null> {}
