import { OrganizationCommand } from '../../../shared';

export interface StartAnalysisProcessingProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** pending → processing; a re-run after a crash finds it processing and goes on. */
export class StartAnalysisProcessingCommand extends OrganizationCommand<StartAnalysisProcessingProps, boolean> {}
