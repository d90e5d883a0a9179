import { OrganizationCommand } from '../../../shared';
import type { OrganizationExportStatus } from '@domain/data/organization-export.aggregate';

export interface DeleteOrganizationExportsProps {
  readonly organizationId: string;
  readonly reason: 'erasure';
}

/** One archive the command deleted: its export, where its object was, and its status now (`deleted`). */
export interface DeletedOrganizationExport {
  readonly exportId: string;
  readonly objectKey: string;
  readonly status: OrganizationExportStatus;
}

/**
 * Erasure: removes every archive of the organization that is not deleted yet (pending, completed
 * or failed): its object out of storage, the export `deleted`, `organization_export.deleted`
 * (`reason: 'erasure'`) on the audit trail. Answers what it deleted; a second run answers `[]`.
 * An archive holds the organization's personal data, so an erasure must not leave one behind.
 */
export class DeleteOrganizationExportsCommand extends OrganizationCommand<DeleteOrganizationExportsProps, DeletedOrganizationExport[]> {}
