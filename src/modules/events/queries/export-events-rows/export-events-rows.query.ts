import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportEventsRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`webhook_endpoint`, `notification`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the events context's records, for an organization's export. */
export class ExportEventsRowsQuery extends OrganizationQuery<ExportEventsRowsProps, ExportPage> {}
