import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportAnalysisRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`analysis`, `analysis_result`, `scoring_config`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the analysis context's records, for an organization's export. */
export class ExportAnalysisRowsQuery extends OrganizationQuery<ExportAnalysisRowsProps, ExportPage> {}
