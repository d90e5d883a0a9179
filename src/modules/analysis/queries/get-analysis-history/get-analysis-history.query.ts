import { Query } from '@nestjs/cqrs';
import type { AnalysisResult } from '../../../../domain/analysis/analysis.aggregate';

export class GetAnalysisHistoryQuery extends Query<{ result: AnalysisResult; recordedAt: Date }[]> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
  ) {
    super();
  }
}
