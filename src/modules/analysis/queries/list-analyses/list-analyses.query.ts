import { OrganizationQuery } from '../../../shared';
import type { AnalysisView, AnalysisFilter } from '@domain/analysis/ports/analysis-read-model.port';

export interface ListAnalysesProps {
  readonly organizationId: string;
  readonly filter: AnalysisFilter;
  readonly beforeId: string | null;
  readonly limit: number;
}

export class ListAnalysesQuery extends OrganizationQuery<ListAnalysesProps, AnalysisView[]> {}
