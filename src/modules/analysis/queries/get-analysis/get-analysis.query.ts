import { Query } from '@nestjs/cqrs';
import type { AnalysisView } from '../../../../domain/analysis/ports/analysis-read-model.port';

export class GetAnalysisQuery extends Query<AnalysisView | null> {
  constructor(
    readonly organizationId: string,
    readonly analysisId: string,
  ) {
    super();
  }
}
