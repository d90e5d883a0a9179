import { Command } from '@nestjs/cqrs';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';

export interface RescoreAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
  readonly result: AnalysisResult;
}

export class RescoreAnalysisCommand extends Command<void> {
  constructor(readonly props: RescoreAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
