import { Query } from '@nestjs/cqrs';
import type { AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';

export interface GetAnalysisProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

export class GetAnalysisQuery extends Query<AnalysisView | null> {
  constructor(readonly props: GetAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
