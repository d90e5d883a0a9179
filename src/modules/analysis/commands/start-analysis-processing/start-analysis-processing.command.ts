import { Command } from '@nestjs/cqrs';

export interface StartAnalysisProcessingProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

/** pending → processing; a re-run after a crash finds it processing and goes on. */
export class StartAnalysisProcessingCommand extends Command<boolean> {
  constructor(readonly props: StartAnalysisProcessingProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
