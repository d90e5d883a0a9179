import { Query } from '@nestjs/cqrs';
import type { AnalysisView, AnalysisFilter } from '../../../../domain/analysis/ports/analysis-read-model.port';

export class ListAnalysesQuery extends Query<AnalysisView[]> {
  constructor(
    readonly organizationId: string,
    readonly filter: AnalysisFilter,
    readonly beforeId: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
