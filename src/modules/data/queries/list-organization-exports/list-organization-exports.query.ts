import { OrganizationQuery } from '../../../shared';
import type { OrganizationExportView } from '@domain/data/ports/data-read-model.port';

export interface ListOrganizationExportsProps {
  readonly organizationId: string;
  /** The last export id of the previous page (newest first), null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

export class ListOrganizationExportsQuery extends OrganizationQuery<ListOrganizationExportsProps, OrganizationExportView[]> {}
