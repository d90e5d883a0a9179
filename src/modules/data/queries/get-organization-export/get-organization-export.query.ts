import { OrganizationQuery } from '../../../shared';
import type { OrganizationExportView } from '@domain/data/ports/data-read-model.port';

export interface GetOrganizationExportProps {
  readonly organizationId: string;
  readonly exportId: string;
}

/** One export of the organization, or `export.not_found`. */
export class GetOrganizationExportQuery extends OrganizationQuery<GetOrganizationExportProps, OrganizationExportView> {}
