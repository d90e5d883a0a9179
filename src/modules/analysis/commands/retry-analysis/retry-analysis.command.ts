import { OrganizationCommand } from '../../../shared';

export interface RetryAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** error → pending, and back into the pipeline. */
export class RetryAnalysisCommand extends OrganizationCommand<RetryAnalysisProps> {}
