import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportTenancyRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`organization`, `domain_claim`, `member`, `invitation`, `workspace`, `workspace_member`, `api_key`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the tenancy context's records, for an organization's export. */
export class ExportTenancyRowsQuery extends OrganizationQuery<ExportTenancyRowsProps, ExportPage> {}
