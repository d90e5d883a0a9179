import { Query } from '@nestjs/cqrs';
import type { AnalysisResult } from '@domain/analysis/analysis.aggregate';

export interface GetAnalysisHistoryProps {
  readonly organizationId: string;
  readonly analysisId: string;
}

export class GetAnalysisHistoryQuery extends Query<{ result: AnalysisResult; recordedAt: Date }[]> {
  constructor(readonly props: GetAnalysisHistoryProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
