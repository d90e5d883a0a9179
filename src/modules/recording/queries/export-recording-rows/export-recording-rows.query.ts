import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportRecordingRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`recording`, `conversation`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the recording context's records, for an organization's export. */
export class ExportRecordingRowsQuery extends OrganizationQuery<ExportRecordingRowsProps, ExportPage> {}
