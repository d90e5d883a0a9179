import type { OrganizationExport } from '../organization-export.aggregate';

/** Exports of one organization, loaded to change them. */
export abstract class OrganizationExportRepository {
  abstract findById(organizationId: string, exportId: string): Promise<OrganizationExport | null>;
  /** Every export of the organization that is not deleted yet (pending, completed or failed), oldest first. */
  abstract undeletedOf(organizationId: string): Promise<OrganizationExport[]>;
  /** Inserts or updates; hands the export's events to the unit of work. */
  abstract save(organizationExport: OrganizationExport): Promise<void>;
}

/** Platform-wide lookups, for the retention job only (platform work, no row-level security). */
export abstract class OrganizationExportDirectory {
  /** Up to `limit` exports not deleted yet and created before `before`, oldest first. */
  abstract createdBefore(before: Date, limit: number): Promise<Array<{ organizationId: string; exportId: string }>>;
}
