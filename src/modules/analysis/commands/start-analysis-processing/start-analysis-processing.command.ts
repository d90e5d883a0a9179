import { Command } from '@nestjs/cqrs';

/** pending → processing; a re-run after a crash finds it processing and goes on. */
export class StartAnalysisProcessingCommand extends Command<boolean> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
  ) {
    super();
  }
}
