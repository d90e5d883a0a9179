import { OrganizationCommand } from '../../../shared';

export interface FailAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly reason: string;
}

/** A step failed for good: `error`, with the reason, until an admin retries. */
export class FailAnalysisCommand extends OrganizationCommand<FailAnalysisProps> {}
