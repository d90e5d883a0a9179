import { Command } from '@nestjs/cqrs';
import type { AnalysisResult } from '../../../../domain/analysis/analysis.aggregate';

export class RescoreAnalysisCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
    readonly result: AnalysisResult,
  ) {
    super();
  }
}
